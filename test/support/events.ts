/**
 * For the events tests: a Server-Sent Events reader over fetch, and a webhook receiver on
 * loopback that keeps each request as it arrived (raw body, headers) and answers as told.
 * Plain fetch and node:http only on the receiving side; the reader works in workerd too.
 */

export interface SseEvent {
  id: string | null;
  event: string | null;
  data: string;
}

/** Reads frames from an event-stream body until it ends or `until` says stop. */
export async function readEvents(
  response: Response,
  until: (event: SseEvent, all: SseEvent[]) => boolean = () => false,
  timeoutMs = 15_000,
): Promise<{ events: SseEvent[]; comments: string[]; ended: boolean }> {
  if (!response.body) throw new Error('no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  let ended = false;
  const timer = setTimeout(() => reader.cancel().catch(() => {}), timeoutMs);
  try {
    outer: for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
        const event: SseEvent = { id: null, event: null, data: '' };
        let isEvent = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            continue;
          }
          const field = /^(id|event|data): (.*)$/.exec(line);
          if (!field) continue;
          isEvent = true;
          if (field[1] === 'data') event.data += field[2];
          else if (field[1] === 'id') event.id = field[2] ?? '';
          else event.event = field[2] ?? '';
        }
        if (isEvent) {
          events.push(event);
          if (until(event, events)) break outer;
        }
      }
    }
  } finally {
    clearTimeout(timer);
    if (!ended) await reader.cancel().catch(() => {});
  }
  return { events, comments, ended };
}
