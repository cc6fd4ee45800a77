// Generated from openapi/openapi.json by scripts/generate-client-types.ts (`npm run openapi`): do not edit.

export interface paths {
    "/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a call
         * @description The call in the common schema, whichever provider holds it. A finished call is answered from memory for up to ten minutes; `Cache-Control: no-cache` reads it from the provider again. Answers carry an ETag: with `If-None-Match` an unchanged call is a 304.
         */
        get: operations["getCall"];
        put?: never;
        post?: never;
        /**
         * Delete a call
         * @description Deletes a finished call, or marks an ongoing one for deletion when it ends.
         */
        delete: operations["deleteCall"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find calls
         * @description Calls of one provider instance. Verba finds one call by `extension` + `status` (e.g. the ongoing call on an extension), or by `platformCallId`, `nativeId` or `meetingId`. CallFire lists calls by filters (`state`, `result`, `inbound`, `fromNumber`, `toNumber`, `broadcastId`, `batchId`, `label`, `since`, `until`), `limit` at a time: pass `nextCursor` back as `cursor` for the next page. A filter the instance cannot apply is a 400. A search that matches nothing is an empty page.
         */
        get: operations["findCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the call's URL in the provider's UI
         * @description A link people can open to play the recording in the provider's own web interface.
         */
        get: operations["getCallUrl"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/keep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a call
         * @description Marks an on-demand call for recording (keeps it).
         */
        post: operations["keepCall"];
        /**
         * Undo a keep
         * @description Removes the keep mark set by POST /calls/{id}/keep.
         */
        delete: operations["unmarkCall"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a call's recordings
         * @description The call's recordings, each with `links.audio`. A Verba call has one (its media) once it has ended; a CallFire call one per recording of its dial attempts. While a Verba call goes on, `links.liveAudio` follows it.
         */
        get: operations["listRecordings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/recordings/{recordingId}/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a recording
         * @description The audio, relayed as it arrives. Without a query, the original recording; with `format`, `start` or `end`, a segment re-encoded by the provider (Verba; `end` defaults to the end of the call). CallFire serves its recordings whole, in their own format: it refuses `format`, `start` and `end` with a 400. `Range` is passed on. Every request leaves an audit line.
         */
        get: operations["getRecordingAudio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/live-audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listen to a call going on
         * @description The live audio of an ongoing call, as MP3, for as long as the call lasts. A call that has ended is a 409 whose `links.recordings` points at its recording. Every request leaves an audit line.
         */
        get: operations["getLiveAudio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/recordings/{recordingId}/audio-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a link that plays a recording
         * @description A short-lived link to the audio, in the `format` and segment given, that plays with no header: for `<audio src>`, a download link or a media player. The link carries only a signature, bound to the call, the recording, the format, the segment, its expiry and the name of the API key that made it; each play is audited under that name. The recording is checked to exist first. Revoke every link at once by rotating the signing key (`AUDIO_LINK_KEY`).
         */
        post: operations["createAudioLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audio-links/{id}/{recordingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Play a signed audio link
         * @description What `POST …/audio-links` answered with, used as it is: the audio, streamed exactly as `GET …/audio` streams it (`Range` included), with no header needed. A link changed in any part, or signed by another key, is a 403; one past its expiry a 410. Neither reaches the provider. Every play leaves an audit line under the name of the key that made the link.
         */
        get: operations["playAudioLink"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List provider instances
         * @description Each configured instance, its kind, what it can do, its circuit breaker's state as every isolate shares it, and its cap on requests per second.
         */
        get: operations["listProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/providers/{instance}/keep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep the call on an extension
         * @description Keeps the call picked by `extension` + `status` (e.g. `["ongoing","next"]`: the ongoing call, else the one starting within a minute), for calls whose id is not known yet.
         */
        post: operations["keepBySelector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/providers/{instance}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete the call picked by a selector
         * @description Deletes (or marks for deletion) the call picked by `extension` + `status`, `platformCallId`, `nativeId` or `meetingId`.
         */
        post: operations["deleteBySelector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description The process is up and answering.
         */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Configuration is valid and every provider instance answers. Each instance is probed at most once per interval (5 s unless configured otherwise) and this answers from its last probe in between; an instance whose circuit breaker is open is reported without a probe. A probe is one attempt and never counts toward the breaker.
         */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Counters, histograms and gauges of this process in the Prometheus text format: requests by route template, method, status class and provider instance, their duration, upstream attempts, retries, circuit breakers, cache reads, idempotent repeats, token requests, and process metrics. Label values are route templates and configured names only. Served by the Node server; a Worker answers 404 and writes the same counters to Workers Analytics Engine.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Watch a call until it ends
         * @description Server-Sent Events (`text/event-stream`, for `EventSource`): first `call.snapshot`, the call as it is now; then `call.updated` on each change and `call.ended` when it ends, after which the stream closes. The gateway's own writes on the call (`call.kept`, `call.unmarked`, `call.deleted`) come as they happen.
         *
         *     Each event has an `id:`; a reconnect with `Last-Event-ID` gets the events it missed (a new snapshot when that id is too old), and one after the end gets what it missed and the end, or a 204 when it missed nothing (an `EventSource` stops reconnecting on a 204). A `: keepalive` comment comes at least every 20 s. However many watch a call, the gateway polls the provider for it once (`EVENTS_POLL_INTERVAL_MS`, default 5 s).
         */
        get: operations["watchCall"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's webhook endpoints
         * @description The endpoints of the calling API key, oldest first; never their secrets.
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Add a webhook endpoint
         * @description The endpoint receives the events it lists, signed by Standard Webhooks 1.0 with the `whsec_` secret in this answer (shown once). The URL must be allowed by WEBHOOK_ALLOWED_DESTINATIONS; link-local and metadata addresses never are. A key holds at most 20 endpoints.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook endpoint
         * @description Says whether it is disabled and why (a 410, or five days of failures).
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Remove a webhook endpoint
         * @description Its pending deliveries go with it.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint
         * @description `enabled: true` turns a disabled endpoint back on.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace an endpoint's secret
         * @description A new secret, shown once. For 24 hours deliveries carry two signatures (space-separated in `webhook-signature`), the new and the old, so receivers can switch without losing one.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event
         * @description A `webhook.test` event to this endpoint alone, sent in the background like any other.
         */
        post: operations["testWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's deliveries
         * @description The latest deliveries, newest first, each with its attempts: when, the status code, how long, the start of the answer.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again
         * @description Now, with the same event and so the same `webhook-id`.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "call-event": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A call event
         * @description Sent to each endpoint that lists the event type, by Standard Webhooks 1.0: verify `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the endpoint secret) over the raw body, and answer 2xx within 15 s. A delivery is retried (same `webhook-id`) until then; redirects are not followed; a 410 disables the endpoint.
         */
        post: operations["receiveCallEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "endpoint-event": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An endpoint event
         * @description Sent to each endpoint that lists the event type, by Standard Webhooks 1.0: verify `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the endpoint secret) over the raw body, and answer 2xx within 15 s. A delivery is retried (same `webhook-id`) until then; redirects are not followed; a 410 disables the endpoint.
         */
        post: operations["receiveEndpointEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description Something happened to a call: the gateway’s own writes (`call.kept`, `call.unmarked`, `call.deleted`), a watched call’s changes (`call.updated`, `call.ended`), a new call of an instance (`call.started`). `data.call` is the call as it was then.
         * @example {
         *       "id": "evt_0mhx3k2a1c3f9a27b4e6d1008",
         *       "type": "call.ended",
         *       "timestamp": "2026-11-20T09:27:41.000Z",
         *       "data": {
         *         "call": {
         *           "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
         *           "provider": "verba",
         *           "instance": "verba",
         *           "providerCallId": "a8343631-9f35-4a3a-83f0-9e81592339fb",
         *           "state": "completed",
         *           "providerState": "1",
         *           "outcome": null,
         *           "providerOutcome": "0",
         *           "direction": "outbound",
         *           "from": {
         *             "number": "8856",
         *             "name": "Front desk"
         *           },
         *           "to": [
         *             {
         *               "number": "+12125550101",
         *               "name": "Ada Lovelace"
         *             }
         *           ],
         *           "startedAt": "2026-11-20T09:15:02.120Z",
         *           "answeredAt": null,
         *           "endedAt": "2026-11-20T09:27:36.120Z",
         *           "durationSeconds": 754,
         *           "createdAt": null,
         *           "updatedAt": null,
         *           "attempts": [],
         *           "recordings": [
         *             {
         *               "id": "a8343631-9f35-4a3a-83f0-9e81592339fb",
         *               "callId": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
         *               "name": null,
         *               "startedAt": "2026-11-20T09:15:02.120Z",
         *               "durationSeconds": 754,
         *               "format": null,
         *               "contentType": null,
         *               "links": {
         *                 "audio": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/recordings/a8343631-9f35-4a3a-83f0-9e81592339fb/audio"
         *               }
         *             }
         *           ],
         *           "labels": [],
         *           "recordingPolicy": {
         *             "onDemand": true,
         *             "kept": false,
         *             "doNotDelete": false
         *           },
         *           "externalIds": {
         *             "platformCallId": "71627389",
         *             "nativeId": "TRS26140192"
         *           },
         *           "links": {
         *             "self": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
         *             "providerUrl": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/url"
         *           }
         *         }
         *       }
         *     }
         */
        CallEvent: {
            /**
             * @description The event’s id: `id:` in the event stream, `webhook-id` in a webhook, the same on every retry.
             * @example evt_0mhx3k2a1c3f9a27b4e6d1008
             */
            id: string;
            /**
             * @example call.ended
             * @enum {string}
             */
            type: "call.started" | "call.updated" | "call.ended" | "call.kept" | "call.unmarked" | "call.deleted";
            /**
             * Format: date-time
             * @example 2026-11-20T09:27:41.000Z
             */
            timestamp: string;
            data: {
                call: components["schemas"]["Call"];
            };
        };
        Call: {
            /** @example verba_a8343631-9f35-4a3a-83f0-9e81592339fb */
            id: string;
            /**
             * @description Provider kind.
             * @example verba
             */
            provider: string;
            /**
             * @description Configured provider instance.
             * @example verba
             */
            instance: string;
            providerCallId: string;
            /** @enum {string} */
            state: "scheduled" | "in_progress" | "completed" | "failed" | "unknown";
            providerState: string | null;
            /** @enum {string|null} */
            outcome: "answered" | "voicemail" | "busy" | "no_answer" | "failed" | "transferred" | "do_not_call" | "not_dialed" | "postponed" | "sent" | "abandoned" | "invalid_number" | "unknown" | null;
            providerOutcome: string | null;
            /** @enum {string} */
            direction: "inbound" | "outbound" | "internal" | "unknown";
            from: components["schemas"]["Party"] | null;
            to: components["schemas"]["Party"][];
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            answeredAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            durationSeconds: number | null;
            /**
             * Format: date-time
             * @description When the provider created its record of the call.
             */
            createdAt: string | null;
            /**
             * Format: date-time
             * @description When the provider last changed its record of the call.
             */
            updatedAt: string | null;
            attempts: components["schemas"]["Attempt"][];
            /** @description What `GET /calls/{id}/recordings` lists: every recording of the call, each with the gateway's audio link. */
            recordings: components["schemas"]["CallRecording"][];
            labels: string[];
            recordingPolicy: components["schemas"]["RecordingPolicy"] | null;
            /** @description The provider's other identifiers of this call (platform, native, meeting, broadcast, contact…). */
            externalIds: {
                [key: string]: string;
            };
            links: {
                self: string;
                /** @description Route answering with the call's URL in the provider's own UI, when it has one. */
                providerUrl: string | null;
            };
            /** @description The provider's own payload, only with `include=raw`. */
            raw?: unknown;
        };
        Party: {
            /** @description E.164 where the provider gives a full number; else as the provider wrote it (an extension). */
            number: string | null;
            name: string | null;
        };
        Attempt: {
            id: string | null;
            /** @enum {string|null} */
            outcome: "answered" | "voicemail" | "busy" | "no_answer" | "failed" | "transferred" | "do_not_call" | "not_dialed" | "postponed" | "sent" | "abandoned" | "invalid_number" | "unknown" | null;
            providerOutcome: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            answeredAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            durationSeconds: number | null;
            billedAmount: number | null;
            ivrAnswers: components["schemas"]["IvrAnswer"][];
            recordings: components["schemas"]["CallRecording"][];
        };
        IvrAnswer: {
            question: string;
            answer: string | null;
        };
        CallRecording: {
            /**
             * @description The recording, within its call.
             * @example a8343631-9f35-4a3a-83f0-9e81592339fb
             */
            id: string;
            /** @example verba_a8343631-9f35-4a3a-83f0-9e81592339fb */
            callId: string;
            name: string | null;
            /** Format: date-time */
            startedAt: string | null;
            durationSeconds: number | null;
            /** @description The recording's own encoding, where the provider says. */
            format: string | null;
            contentType: string | null;
            links: {
                /** @description The audio, streamed (scope `recordings:read`). */
                audio: string;
            };
        };
        RecordingPolicy: {
            /** @description Recorded only when someone keeps it. */
            onDemand: boolean | null;
            /** @description Marked to be kept (recorded). */
            kept: boolean | null;
            /** @description Protected from deletion. */
            doNotDelete: boolean | null;
        };
        /** @description `webhook.endpoint.disabled`: one of the key’s endpoints was disabled (sent to its other endpoints). `webhook.test`: sent by POST /webhooks/{id}/test. */
        EndpointEvent: {
            id: string;
            /** @enum {string} */
            type: "webhook.endpoint.disabled" | "webhook.test";
            /** Format: date-time */
            timestamp: string;
            data: {
                endpoint: components["schemas"]["WebhookEndpointSummary"];
            };
        };
        WebhookEndpointSummary: {
            id: string;
            url: string;
            disabledReason: string | null;
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** @example urn:callgate:problem:not_found */
            type: string;
            /** @example Not found */
            title: string;
            /** @example 404 */
            status: number;
            /** @example No such call. */
            detail: string;
            /** @example not_found */
            code: string;
            /** @example 0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f */
            requestId: string;
            /** @example verba */
            provider?: string;
            /** @example verba */
            instance?: string;
            /** @example 2 */
            providerCode?: string;
            /** @example Unable to retrieve the call information, because the call cannot be found. */
            providerMessage?: string;
            /**
             * @description A write that may have reached the provider before it failed (a timeout, a broken connection, a proxy's error page): check the call before retrying.
             * @enum {string}
             */
            outcome?: "unknown";
            /** @description Each bad field, for validation errors. */
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description What the provider can do, for 501. */
            capabilities?: string[];
            /** @description Where to go instead: a finished call’s `recordings`, for 409. */
            links?: {
                [key: string]: string;
            };
        };
        CallPage: {
            items: components["schemas"]["Call"][];
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
         *       "url": "http://192.168.1.104/verba/?mode=call&callid=a8343631-9f35-4a3a-83f0-9e81592339fb"
         *     }
         */
        CallUrl: {
            id: string;
            /** Format: uri */
            url: string;
        };
        /** @description The provider accepted the write. */
        WriteResult: {
            /** @enum {string} */
            operation: "keep" | "unmark" | "delete";
            instance: string;
            /** @description The call, when addressed by id. */
            id: string | null;
            /** @description The selector, when addressed by selector. */
            selector: {
                [key: string]: unknown;
            } | null;
        };
        KeepRequest: {
            /**
             * @description What to mark instead of an on-demand recording.
             * @enum {string}
             */
            type?: "manualRecord";
        };
        CallRecordingList: {
            callId: string;
            items: components["schemas"]["CallRecording"][];
            links: {
                /** @description While the call goes on: its live audio (scope `recordings:read`). */
                liveAudio: string | null;
            };
        };
        AudioLink: {
            /**
             * @description The link, absolute on the origin the request reached: it plays with no header until `expiresAt`.
             * @example https://callgate.example.com/audio-links/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/a8343631-9f35-4a3a-83f0-9e81592339fb?format=mp3&start=10&end=14&expires=1795167302&keyName=ops&sig=Hq3Vt1t0bq2D8u9oWk8C2v5pQ3l4wqg3bGz1c8aX0yE
             */
            url: string;
            /**
             * @description The same link as a path, for a gateway reached under another origin.
             * @example /audio-links/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/a8343631-9f35-4a3a-83f0-9e81592339fb?format=mp3&start=10&end=14&expires=1795167302&keyName=ops&sig=Hq3Vt1t0bq2D8u9oWk8C2v5pQ3l4wqg3bGz1c8aX0yE
             */
            path: string;
            /**
             * Format: date-time
             * @example 2026-11-20T09:35:02.000Z
             */
            expiresAt: string;
        };
        AudioLinkRequest: {
            /**
             * @description As `format` of the audio route: the original when absent.
             * @example mp3
             * @enum {string}
             */
            format?: "mp3" | "pcm16" | "pcm8" | "ulaw" | "alaw";
            /**
             * @description Start of a segment, in seconds.
             * @example 10
             */
            start?: number;
            /**
             * @description End of a segment, in seconds (default: the recording's end).
             * @example 10
             */
            end?: number;
            /**
             * @description How long the link plays: default 900 (15 minutes), at most 86400 (a day).
             * @example 900
             */
            expiresInSeconds?: number;
        };
        ProviderList: {
            items: components["schemas"]["ProviderInfo"][];
        };
        ProviderInfo: {
            instance: string;
            kind: string;
            capabilities: ("get" | "find" | "url" | "keep" | "unmark" | "delete" | "keepBySelector" | "deleteBySelector" | "recordings" | "audio" | "liveAudio" | "search")[];
            breaker: components["schemas"]["Breaker"];
            /** @description `<PREFIX>_MAX_RPS`: requests per second the gateway sends the instance at most (the whole fleet on the Worker); null when uncapped. */
            maxRps: number | null;
        };
        /** @description The instance's circuit breaker, as its state holds it. */
        Breaker: {
            /**
             * @description `closed`: requests flow. `open`: after repeated failures the instance is not called; requests get 503 with `Retry-After` at once. `half_open`: the next request probes it.
             * @enum {string}
             */
            state: "closed" | "open" | "half_open";
            consecutiveFailures: number;
            /**
             * Format: date-time
             * @description When it last opened.
             */
            openedAt: string | null;
            /** @description While open: seconds until a request may probe the instance. */
            retryAfterSeconds: number | null;
            /**
             * @description `fleet`: the Worker's, shared by every isolate through the instance's Durable Object (failures anywhere open it everywhere). `process`: the Node server's, in its STATE_DB.
             * @enum {string}
             */
            scope: "fleet" | "process";
        };
        KeepSelector: {
            /** @example 8856 */
            extension: string;
            /**
             * @description Which call on `extension`: tried left to right.
             * @example [
             *       "ongoing",
             *       "next"
             *     ]
             * @enum {array}
             */
            status: [
                "ongoing"
            ] | [
                "next"
            ] | [
                "last"
            ] | [
                "ongoing",
                "next"
            ] | [
                "last",
                "ongoing"
            ];
            /**
             * @description What to mark instead of an on-demand recording.
             * @enum {string}
             */
            type?: "manualRecord";
        };
        /** @description Exactly one of: `extension` with `status`, `platformCallId`, `nativeId`, `meetingId`. */
        DeleteSelector: {
            /** @example 8856 */
            extension?: string;
            /**
             * @description Which call on `extension`: tried left to right.
             * @example [
             *       "ongoing",
             *       "next"
             *     ]
             * @enum {array}
             */
            status?: [
                "ongoing"
            ] | [
                "next"
            ] | [
                "last"
            ] | [
                "ongoing",
                "next"
            ] | [
                "last",
                "ongoing"
            ];
            platformCallId?: string;
            nativeId?: string;
            meetingId?: string;
        } & (unknown | unknown | unknown | unknown);
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            instances: {
                [key: string]: {
                    reachable: boolean;
                    detail: string | null;
                    /**
                     * @description `closed`: requests flow. `open`: after repeated failures the instance is not called; requests get 503 with `Retry-After` at once. `half_open`: the next request probes it.
                     * @enum {string}
                     */
                    breaker: "closed" | "open" | "half_open";
                };
            };
        };
        WebhookEndpointList: {
            items: components["schemas"]["WebhookEndpoint"][];
        };
        /**
         * @example {
         *       "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
         *       "url": "https://crm.internal/hooks/calls",
         *       "events": [
         *         "call.ended",
         *         "call.kept"
         *       ],
         *       "instances": null,
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "updatedAt": "2026-11-20T09:00:00.000Z",
         *       "disabledAt": null,
         *       "disabledReason": null,
         *       "failingSince": null
         *     }
         */
        WebhookEndpoint: {
            id: string;
            url: string;
            events: components["schemas"]["EventType"][];
            instances: string[] | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            disabledAt: string | null;
            /** @description Why it was disabled: it answered 410, or every delivery failed for five days. */
            disabledReason: string | null;
            /**
             * Format: date-time
             * @description When its deliveries began to fail without a success since.
             */
            failingSince: string | null;
        };
        /** @enum {string} */
        EventType: "call.started" | "call.updated" | "call.ended" | "call.kept" | "call.unmarked" | "call.deleted" | "webhook.endpoint.disabled";
        /**
         * @example {
         *       "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
         *       "url": "https://crm.internal/hooks/calls",
         *       "events": [
         *         "call.ended",
         *         "call.kept"
         *       ],
         *       "instances": null,
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "updatedAt": "2026-11-20T09:00:00.000Z",
         *       "disabledAt": null,
         *       "disabledReason": null,
         *       "failingSince": null,
         *       "secret": "whsec_<shown once>"
         *     }
         */
        WebhookEndpointWithSecret: components["schemas"]["WebhookEndpoint"] & {
            /** @description The signing secret (`whsec_…`, Standard Webhooks): shown here once, never again. Verify each delivery with it. */
            secret: string;
        };
        /**
         * @example {
         *       "url": "https://crm.internal/hooks/calls",
         *       "events": [
         *         "call.ended",
         *         "call.kept"
         *       ]
         *     }
         */
        WebhookEndpointCreate: {
            /** @example https://crm.internal/hooks/calls */
            url: string;
            events: components["schemas"]["EventType"][];
            /** @description Only events of calls of these instances; null for every instance. */
            instances?: string[] | null;
        };
        WebhookEndpointUpdate: {
            /** @example https://crm.internal/hooks/calls */
            url?: string;
            events?: components["schemas"]["EventType"][];
            /** @description Only events of calls of these instances; null for every instance. */
            instances?: string[] | null;
            /**
             * @description Turns a disabled endpoint back on.
             * @enum {boolean}
             */
            enabled?: true;
        };
        WebhookQueued: {
            eventId: string;
            deliveryId: string;
        };
        WebhookDeliveryList: {
            items: components["schemas"]["WebhookDelivery"][];
        };
        WebhookDelivery: {
            id: string;
            eventId: string;
            eventType: string;
            /** @enum {string} */
            state: "pending" | "delivered" | "failed";
            attempts: components["schemas"]["DeliveryAttempt"][];
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        DeliveryAttempt: {
            /** Format: date-time */
            at: string;
            /** @description Null when no answer came. */
            statusCode: number | null;
            durationMs: number;
            /** @description The start of the answer’s body. */
            excerpt: string | null;
            error: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getCall: {
        parameters: {
            query?: {
                /** @description `raw` adds the provider's own payload as `raw`. */
                include?: "raw";
            };
            header?: {
                /** @description The `ETag` of an earlier answer (or `*`): while the call is unchanged the answer is a 304 with no body. */
                "if-none-match"?: string;
                /** @description `no-cache` (or `max-age=0`) reads the call from the provider again, whatever the gateway keeps, and keeps the new answer; `max-age=<seconds>` accepts a kept answer at most that old. Other directives are ignored. */
                "cache-control"?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The call. */
            200: {
                headers: {
                    /** @description Send it back as `If-None-Match` to get a 304 while the call is unchanged. */
                    ETag?: string;
                    /** @description `private, max-age=60` for a finished call, `private, no-cache` otherwise. */
                    "Cache-Control"?: string;
                    /** @description Seconds since the gateway read the call from the provider: 0 for a fresh read. Absent when the gateway's cache is off (`CALL_CACHE=off`). */
                    Age?: number;
                    /**
                     * @description Where the answer came from (RFC 9211): `callgate; hit; ttl=<seconds it may still be kept>` from memory; `callgate; fwd=miss` (nothing kept), `fwd=stale` (kept, but expired) or `fwd=request` (the request's `Cache-Control` refused the kept copy) when the provider was read, with `stored` when the answer was kept and `collapsed` when it was shared with a read already under way. Absent when the gateway's cache is off (`CALL_CACHE=off`).
                     * @example callgate; fwd=request; stored
                     */
                    "Cache-Status"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            /** @description Not modified: the `If-None-Match` ETag is still the call’s. */
            304: {
                headers: {
                    /** @description Send it back as `If-None-Match` to get a 304 while the call is unchanged. */
                    ETag?: string;
                    /** @description `private, max-age=60` for a finished call, `private, no-cache` otherwise. */
                    "Cache-Control"?: string;
                    /** @description Seconds since the gateway read the call from the provider: 0 for a fresh read. Absent when the gateway's cache is off (`CALL_CACHE=off`). */
                    Age?: number;
                    /**
                     * @description Where the answer came from (RFC 9211): `callgate; hit; ttl=<seconds it may still be kept>` from memory; `callgate; fwd=miss` (nothing kept), `fwd=stale` (kept, but expired) or `fwd=request` (the request's `Cache-Control` refused the kept copy) when the provider was read, with `stored` when the answer was kept and `collapsed` when it was shared with a read already under way. Absent when the gateway's cache is off (`CALL_CACHE=off`).
                     * @example callgate; fwd=request; stored
                     */
                    "Cache-Status"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCall: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe, across the whole fleet and over restarts: a repeat with the same key and the same request gets the first answer again without a second provider call; while the first is still running a repeat gets a 409 `idempotency_key_in_use` with `Retry-After`; the same key on a different request is a 422. Answers a repeat must not redo (2xx, and a provider's own 4xx) are remembered for 24 hours, per API key; a 5xx is not, so a repeat runs again. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, or marked for deletion. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "operation": "delete",
                     *       "instance": "verba",
                     *       "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                     *       "selector": null
                     *     }
                     */
                    "application/json": components["schemas"]["WriteResult"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:conflict",
                     *       "title": "More than one call matches",
                     *       "status": 409,
                     *       "detail": "More than one call matches; narrow the selector or use the call id.",
                     *       "code": "conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "-5",
                     *       "providerMessage": "More than one record found for extension 7000 with status ongoing."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:idempotency_conflict",
                     *       "title": "Idempotency key reused with a different request",
                     *       "status": 422,
                     *       "detail": "This Idempotency-Key was used for a different request; use a new key for a new request.",
                     *       "code": "idempotency_conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    findCalls: {
        parameters: {
            query: {
                /** @description Provider instance to search. */
                provider: string;
                /** @description A party of the call; with `status`. */
                extension?: string;
                /** @description Which call on `extension`: tried left to right. */
                status?: "ongoing" | "next" | "last" | "ongoing,next" | "last,ongoing";
                /** @description The call's id on the phone platform. */
                platformCallId?: string;
                /** @description The recorder's native id of the call. */
                nativeId?: string;
                /** @description The conference or meeting the call belongs to. */
                meetingId?: string;
                /** @description Find controlled-recording calls. */
                type?: "manualRecord";
                /** @description `raw` adds the provider's own payload as `raw`. */
                include?: "raw";
                /** @description Page size, in decimal digits. */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Calls in one of these states (comma-separated: scheduled, in_progress, completed, failed). */
                state?: string;
                /** @description Calls that ended with one of these outcomes (comma-separated: answered, voicemail, busy, no_answer, failed, transferred, do_not_call, not_dialed, postponed, sent, abandoned, invalid_number). */
                result?: string;
                /** @description Only inbound (`true`) or only outbound (`false`) calls. */
                inbound?: "true" | "false";
                /** @description The calling number. */
                fromNumber?: string;
                /** @description A called number. */
                toNumber?: string;
                /** @description The campaign the calls belong to. */
                broadcastId?: string;
                /** @description The contact batch the calls belong to. */
                batchId?: string;
                /** @description Calls carrying this label. */
                label?: string;
                /** @description Calls created (CallFire) or started (Verba) at or after this time. Verba needs it with `until`. */
                since?: string;
                /** @description Calls created (CallFire) or started (Verba) before this time. */
                until?: string;
                /** @description Part of either party's number (Verba). */
                number?: string;
                /** @description Part of either party's name (Verba). */
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of calls. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallPage"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:conflict",
                     *       "title": "More than one call matches",
                     *       "status": 409,
                     *       "detail": "More than one call matches; narrow the selector or use the call id.",
                     *       "code": "conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "-5",
                     *       "providerMessage": "More than one record found for extension 7000 with status ongoing."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCallUrl: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The URL. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                     *       "url": "http://192.168.1.104/verba/?mode=call&callid=a8343631-9f35-4a3a-83f0-9e81592339fb"
                     *     }
                     */
                    "application/json": components["schemas"]["CallUrl"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    keepCall: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe, across the whole fleet and over restarts: a repeat with the same key and the same request gets the first answer again without a second provider call; while the first is still running a repeat gets a 409 `idempotency_key_in_use` with `Retry-After`; the same key on a different request is a 422. Answers a repeat must not redo (2xx, and a provider's own 4xx) are remembered for 24 hours, per API key; a 5xx is not, so a repeat runs again. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        /** @description Optional: `{ "type": "manualRecord" }` marks a controlled recording instead. */
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["KeepRequest"];
            };
        };
        responses: {
            /** @description Kept. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "operation": "keep",
                     *       "instance": "verba",
                     *       "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                     *       "selector": null
                     *     }
                     */
                    "application/json": components["schemas"]["WriteResult"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:conflict",
                     *       "title": "More than one call matches",
                     *       "status": 409,
                     *       "detail": "More than one call matches; narrow the selector or use the call id.",
                     *       "code": "conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "-5",
                     *       "providerMessage": "More than one record found for extension 7000 with status ongoing."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:payload_too_large",
                     *       "title": "Request body too large",
                     *       "status": 413,
                     *       "detail": "Request bodies are limited to 16384 bytes.",
                     *       "code": "payload_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unsupported_media_type",
                     *       "title": "Unsupported media type",
                     *       "status": 415,
                     *       "detail": "Send the request body as application/json.",
                     *       "code": "unsupported_media_type",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:idempotency_conflict",
                     *       "title": "Idempotency key reused with a different request",
                     *       "status": 422,
                     *       "detail": "This Idempotency-Key was used for a different request; use a new key for a new request.",
                     *       "code": "idempotency_conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unmarkCall: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe, across the whole fleet and over restarts: a repeat with the same key and the same request gets the first answer again without a second provider call; while the first is still running a repeat gets a 409 `idempotency_key_in_use` with `Retry-After`; the same key on a different request is a 422. Answers a repeat must not redo (2xx, and a provider's own 4xx) are remembered for 24 hours, per API key; a 5xx is not, so a repeat runs again. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        /** @description Optional: `{ "type": "manualRecord" }` marks a controlled recording instead. */
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["KeepRequest"];
            };
        };
        responses: {
            /** @description Unmarked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "operation": "unmark",
                     *       "instance": "verba",
                     *       "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                     *       "selector": null
                     *     }
                     */
                    "application/json": components["schemas"]["WriteResult"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:conflict",
                     *       "title": "More than one call matches",
                     *       "status": 409,
                     *       "detail": "More than one call matches; narrow the selector or use the call id.",
                     *       "code": "conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "-5",
                     *       "providerMessage": "More than one record found for extension 7000 with status ongoing."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:payload_too_large",
                     *       "title": "Request body too large",
                     *       "status": 413,
                     *       "detail": "Request bodies are limited to 16384 bytes.",
                     *       "code": "payload_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unsupported_media_type",
                     *       "title": "Unsupported media type",
                     *       "status": 415,
                     *       "detail": "Send the request body as application/json.",
                     *       "code": "unsupported_media_type",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:idempotency_conflict",
                     *       "title": "Idempotency key reused with a different request",
                     *       "status": 422,
                     *       "detail": "This Idempotency-Key was used for a different request; use a new key for a new request.",
                     *       "code": "idempotency_conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRecordings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recordings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallRecordingList"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRecordingAudio: {
        parameters: {
            query?: {
                /** @description Re-encode: `mp3`, or WAV as `pcm16`, `pcm8`, `ulaw` (G.711 µ-law), `alaw` (G.711 A-law). The original when absent. */
                format?: "mp3" | "pcm16" | "pcm8" | "ulaw" | "alaw";
                /** @description Start of a segment, in seconds (default 0). Decimal digits, at most three after the point (`12.5`): no sign, exponent or hex. */
                start?: number;
                /** @description End of a segment, in seconds, after `start` (default: the recording's end). Decimal digits, at most three after the point (`12.5`): no sign, exponent or hex. */
                end?: number;
            };
            header?: {
                /** @description One byte range (RFC 9110): `bytes=<first>-<last>` with first not after last, `bytes=<first>-` or `bytes=-<length>`, passed to the provider: a 206 when it honours it, a 200 with the whole stream when it does not. A malformed `bytes` range is a 400; another unit, or several ranges, is ignored (a 200 with the whole stream). */
                range?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
                /** @description A recording `id` from `GET /calls/{id}/recordings`. */
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The audio. */
            200: {
                headers: {
                    /** @description What the audio is, from the provider or its first bytes. */
                    "Content-Type"?: string;
                    /** @description When the provider says. */
                    "Content-Length"?: number;
                    /** @description `inline`, with a file name made of the gateway ids. */
                    "Content-Disposition"?: string;
                    /** @description `private, no-store`: audio stays out of shared caches. */
                    "Cache-Control"?: string;
                    /** @description `bytes` when the provider takes ranges, else `none`. */
                    "Accept-Ranges"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /** @example (audio/wav bytes) */
                    "audio/wav": string;
                    /** @example (audio/mpeg bytes) */
                    "audio/mpeg": string;
                    /** @example (application/octet-stream bytes) */
                    "application/octet-stream": string;
                };
            };
            /** @description The byte range asked for, when the provider honours `Range`. */
            206: {
                headers: {
                    /** @description What the audio is, from the provider or its first bytes. */
                    "Content-Type"?: string;
                    /** @description When the provider says. */
                    "Content-Length"?: number;
                    /** @description `inline`, with a file name made of the gateway ids. */
                    "Content-Disposition"?: string;
                    /** @description `private, no-store`: audio stays out of shared caches. */
                    "Cache-Control"?: string;
                    /** @description `bytes` when the provider takes ranges, else `none`. */
                    "Accept-Ranges"?: string;
                    /** @description The part sent, and the whole size. */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /** @example (audio/wav bytes) */
                    "audio/wav": string;
                    /** @example (audio/mpeg bytes) */
                    "audio/mpeg": string;
                    /** @example (application/octet-stream bytes) */
                    "application/octet-stream": string;
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The call is still going on: `links.liveAudio` follows it. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:call_in_progress",
                     *       "title": "The call is still going on",
                     *       "status": 409,
                     *       "detail": "The call is still going on: follow it at /calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/live-audio.",
                     *       "code": "call_in_progress",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "links": {
                     *         "liveAudio": "/calls/verba_5d0b6f0c-7f64-4d3e-9a51-2c1f0f6e8a10/live-audio"
                     *       }
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The `Range` asked for is outside the recording. */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:range_not_satisfiable",
                     *       "title": "The requested byte range is outside the recording",
                     *       "status": 416,
                     *       "detail": "The requested range is outside the recording.",
                     *       "code": "range_not_satisfiable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A limit of the API key is reached: audio streams open at once (`too_many_streams`, `<PREFIX>_MAX_STREAMS_PER_KEY`; nothing was sent), calls watched, webhook endpoints; retry after `Retry-After` seconds where given. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:too_many_streams",
                     *       "title": "This API key has as many audio streams open as it may",
                     *       "status": 429,
                     *       "detail": "This API key already has 8 audio streams open from instance 'verba', as many as it may; nothing was sent. Close one, or retry after Retry-After seconds.",
                     *       "code": "too_many_streams",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLiveAudio: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description MP3, streamed while the call lasts. */
            200: {
                headers: {
                    /** @description What the audio is, from the provider or its first bytes. */
                    "Content-Type"?: string;
                    /** @description When the provider says. */
                    "Content-Length"?: number;
                    /** @description `inline`, with a file name made of the gateway ids. */
                    "Content-Disposition"?: string;
                    /** @description `private, no-store`: audio stays out of shared caches. */
                    "Cache-Control"?: string;
                    /** @description `bytes` when the provider takes ranges, else `none`. */
                    "Accept-Ranges"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /** @example (audio/mpeg bytes) */
                    "audio/mpeg": string;
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The call has ended: `links.recordings` is where its recording is. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:call_ended",
                     *       "title": "The call has ended",
                     *       "status": 409,
                     *       "detail": "The call has ended: its recording is at /calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/recordings.",
                     *       "code": "call_ended",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "links": {
                     *         "recordings": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/recordings"
                     *       }
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A limit of the API key is reached: audio streams open at once (`too_many_streams`, `<PREFIX>_MAX_STREAMS_PER_KEY`; nothing was sent), calls watched, webhook endpoints; retry after `Retry-After` seconds where given. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:too_many_streams",
                     *       "title": "This API key has as many audio streams open as it may",
                     *       "status": 429,
                     *       "detail": "This API key already has 8 audio streams open from instance 'verba', as many as it may; nothing was sent. Close one, or retry after Retry-After seconds.",
                     *       "code": "too_many_streams",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAudioLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
                /** @description A recording `id` from `GET /calls/{id}/recordings`. */
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "format": "mp3"
                 *     }
                 */
                "application/json": components["schemas"]["AudioLinkRequest"];
            };
        };
        responses: {
            /** @description The link. */
            201: {
                headers: {
                    /** @description The link, as `url`. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "url": "https://callgate.example.com/audio-links/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/a8343631-9f35-4a3a-83f0-9e81592339fb?format=mp3&start=10&end=14&expires=1795167302&keyName=ops&sig=Hq3Vt1t0bq2D8u9oWk8C2v5pQ3l4wqg3bGz1c8aX0yE",
                     *       "path": "/audio-links/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/a8343631-9f35-4a3a-83f0-9e81592339fb?format=mp3&start=10&end=14&expires=1795167302&keyName=ops&sig=Hq3Vt1t0bq2D8u9oWk8C2v5pQ3l4wqg3bGz1c8aX0yE",
                     *       "expiresAt": "2026-11-20T09:35:02.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AudioLink"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    playAudioLink: {
        parameters: {
            query: {
                /** @description Re-encode: `mp3`, or WAV as `pcm16`, `pcm8`, `ulaw` (G.711 µ-law), `alaw` (G.711 A-law). The original when absent. */
                format?: "mp3" | "pcm16" | "pcm8" | "ulaw" | "alaw";
                /** @description Start of a segment, in seconds (default 0). Decimal digits, at most three after the point (`12.5`): no sign, exponent or hex. */
                start?: number;
                /** @description End of a segment, in seconds, after `start` (default: the recording's end). Decimal digits, at most three after the point (`12.5`): no sign, exponent or hex. */
                end?: number;
                /** @description When the link stops playing, in seconds since the epoch. */
                expires?: number | null;
                /** @description The name of the API key that made the link. */
                keyName?: string;
                /** @description The gateway's signature over everything else in the link. */
                sig: string;
            };
            header?: {
                /** @description One byte range (RFC 9110): `bytes=<first>-<last>` with first not after last, `bytes=<first>-` or `bytes=-<length>`, passed to the provider: a 206 when it honours it, a 200 with the whole stream when it does not. A malformed `bytes` range is a 400; another unit, or several ranges, is ignored (a 200 with the whole stream). */
                range?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
                /** @description A recording `id` from `GET /calls/{id}/recordings`. */
                recordingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The audio. */
            200: {
                headers: {
                    /** @description What the audio is, from the provider or its first bytes. */
                    "Content-Type"?: string;
                    /** @description When the provider says. */
                    "Content-Length"?: number;
                    /** @description `inline`, with a file name made of the gateway ids. */
                    "Content-Disposition"?: string;
                    /** @description `private, no-store`: audio stays out of shared caches. */
                    "Cache-Control"?: string;
                    /** @description `bytes` when the provider takes ranges, else `none`. */
                    "Accept-Ranges"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /** @example (audio/wav bytes) */
                    "audio/wav": string;
                    /** @example (audio/mpeg bytes) */
                    "audio/mpeg": string;
                    /** @example (application/octet-stream bytes) */
                    "application/octet-stream": string;
                };
            };
            /** @description The byte range asked for, when the provider honours `Range`. */
            206: {
                headers: {
                    /** @description What the audio is, from the provider or its first bytes. */
                    "Content-Type"?: string;
                    /** @description When the provider says. */
                    "Content-Length"?: number;
                    /** @description `inline`, with a file name made of the gateway ids. */
                    "Content-Disposition"?: string;
                    /** @description `private, no-store`: audio stays out of shared caches. */
                    "Cache-Control"?: string;
                    /** @description `bytes` when the provider takes ranges, else `none`. */
                    "Accept-Ranges"?: string;
                    /** @description The part sent, and the whole size. */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /** @example (audio/wav bytes) */
                    "audio/wav": string;
                    /** @example (audio/mpeg bytes) */
                    "audio/mpeg": string;
                    /** @example (application/octet-stream bytes) */
                    "application/octet-stream": string;
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The link was changed, or signed with a key this gateway no longer holds: ask for a new one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:link_invalid",
                     *       "title": "The audio link is not one this gateway signed",
                     *       "status": 403,
                     *       "detail": "The link was changed, or signed with a key this gateway no longer holds: ask for a new one.",
                     *       "code": "link_invalid",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The link expired at 2026-11-20T09:35:02.000Z: ask for a new one. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:link_expired",
                     *       "title": "The audio link has expired",
                     *       "status": 410,
                     *       "detail": "The link expired at 2026-11-20T09:35:02.000Z: ask for a new one.",
                     *       "code": "link_expired",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The `Range` asked for is outside the recording. */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:range_not_satisfiable",
                     *       "title": "The requested byte range is outside the recording",
                     *       "status": 416,
                     *       "detail": "The requested range is outside the recording.",
                     *       "code": "range_not_satisfiable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The instances. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "instance": "verba",
                     *           "kind": "verba",
                     *           "capabilities": [
                     *             "get",
                     *             "find",
                     *             "url",
                     *             "keep",
                     *             "unmark",
                     *             "delete",
                     *             "keepBySelector",
                     *             "deleteBySelector",
                     *             "recordings",
                     *             "audio",
                     *             "liveAudio",
                     *             "search"
                     *           ],
                     *           "breaker": {
                     *             "state": "closed",
                     *             "consecutiveFailures": 0,
                     *             "openedAt": null,
                     *             "retryAfterSeconds": null,
                     *             "scope": "fleet"
                     *           },
                     *           "maxRps": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProviderList"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    keepBySelector: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe, across the whole fleet and over restarts: a repeat with the same key and the same request gets the first answer again without a second provider call; while the first is still running a repeat gets a 409 `idempotency_key_in_use` with `Retry-After`; the same key on a different request is a 422. Answers a repeat must not redo (2xx, and a provider's own 4xx) are remembered for 24 hours, per API key; a 5xx is not, so a repeat runs again. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Provider instance name. */
                instance: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "extension": "8856",
                 *       "status": [
                 *         "ongoing",
                 *         "next"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["KeepSelector"];
            };
        };
        responses: {
            /** @description Kept. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "operation": "keep",
                     *       "instance": "verba",
                     *       "id": null,
                     *       "selector": {
                     *         "extension": "8856",
                     *         "status": [
                     *           "ongoing",
                     *           "next"
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WriteResult"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:conflict",
                     *       "title": "More than one call matches",
                     *       "status": 409,
                     *       "detail": "More than one call matches; narrow the selector or use the call id.",
                     *       "code": "conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "-5",
                     *       "providerMessage": "More than one record found for extension 7000 with status ongoing."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:payload_too_large",
                     *       "title": "Request body too large",
                     *       "status": 413,
                     *       "detail": "Request bodies are limited to 16384 bytes.",
                     *       "code": "payload_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unsupported_media_type",
                     *       "title": "Unsupported media type",
                     *       "status": 415,
                     *       "detail": "Send the request body as application/json.",
                     *       "code": "unsupported_media_type",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:idempotency_conflict",
                     *       "title": "Idempotency key reused with a different request",
                     *       "status": 422,
                     *       "detail": "This Idempotency-Key was used for a different request; use a new key for a new request.",
                     *       "code": "idempotency_conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteBySelector: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe, across the whole fleet and over restarts: a repeat with the same key and the same request gets the first answer again without a second provider call; while the first is still running a repeat gets a 409 `idempotency_key_in_use` with `Retry-After`; the same key on a different request is a 422. Answers a repeat must not redo (2xx, and a provider's own 4xx) are remembered for 24 hours, per API key; a 5xx is not, so a repeat runs again. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Provider instance name. */
                instance: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "extension": "8856",
                 *       "status": [
                 *         "last"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["DeleteSelector"];
            };
        };
        responses: {
            /** @description Deleted, or marked for deletion. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "operation": "delete",
                     *       "instance": "verba",
                     *       "id": null,
                     *       "selector": {
                     *         "extension": "8856",
                     *         "status": [
                     *           "last"
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WriteResult"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than one call matches the selector (`conflict`); the call is protected from deletion (`call_protected`, Verba: its `recordingPolicy.doNotDelete`); or, for a write with an `Idempotency-Key`, a request with that key is still running (`idempotency_key_in_use`): repeat it after `Retry-After` seconds for its answer. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:conflict",
                     *       "title": "More than one call matches",
                     *       "status": 409,
                     *       "detail": "More than one call matches; narrow the selector or use the call id.",
                     *       "code": "conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "-5",
                     *       "providerMessage": "More than one record found for extension 7000 with status ongoing."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:payload_too_large",
                     *       "title": "Request body too large",
                     *       "status": 413,
                     *       "detail": "Request bodies are limited to 16384 bytes.",
                     *       "code": "payload_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unsupported_media_type",
                     *       "title": "Unsupported media type",
                     *       "status": 415,
                     *       "detail": "Send the request body as application/json.",
                     *       "code": "unsupported_media_type",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was already used for a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:idempotency_conflict",
                     *       "title": "Idempotency key reused with a different request",
                     *       "status": 422,
                     *       "detail": "This Idempotency-Key was used for a different request; use a new key for a new request.",
                     *       "code": "idempotency_conflict",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Refused by the HTTP server before the gateway reads it: a malformed request (400) or headers beyond its limit (431, over 16 KiB on Node). Node answers with a problem; Cloudflare's edge answers in its own format. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:headers_too_large",
                     *       "title": "Request Header Fields Too Large",
                     *       "status": 431,
                     *       "detail": "The request headers are too large.",
                     *       "code": "headers_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every instance answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "instances": {
                     *         "verba": {
                     *           "reachable": true,
                     *           "detail": null,
                     *           "breaker": "closed"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Some instance does not answer. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "not_ready",
                     *       "instances": {
                     *         "verba": {
                     *           "reachable": false,
                     *           "detail": "The provider is failing; calls to it are paused",
                     *           "breaker": "open"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Refused by the HTTP server before the gateway reads it: a malformed request (400) or headers beyond its limit (431, over 16 KiB on Node). Node answers with a problem; Cloudflare's edge answers in its own format. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:headers_too_large",
                     *       "title": "Request Header Fields Too Large",
                     *       "status": 431,
                     *       "detail": "The request headers are too large.",
                     *       "code": "headers_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The exposition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP callgate_http_requests_total Requests answered, by route template, method, status class and provider instance.
                     *     # TYPE callgate_http_requests_total counter
                     *     callgate_http_requests_total{route="/calls/:id",method="GET",status_class="2xx",provider_instance="verba"} 1027
                     *     callgate_http_requests_total{route="/calls/:id",method="GET",status_class="4xx",provider_instance="verba"} 3
                     */
                    "text/plain; version=0.0.4; charset=utf-8": string;
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This runtime serves no metrics (the Worker), or they are off (`METRICS=off`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:metrics_not_served",
                     *       "title": "Metrics not served",
                     *       "status": 404,
                     *       "detail": "This gateway serves no /metrics: on Workers the counters are written to Analytics Engine.",
                     *       "code": "metrics_not_served",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    watchCall: {
        parameters: {
            query?: never;
            header?: {
                /** @description Resume after this event (an EventSource sends it by itself when it reconnects). */
                "last-event-id"?: string;
            };
            path: {
                /** @description Gateway call id: `<instance>_<providerCallId>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream. Each `data:` line is one event as JSON. */
            200: {
                headers: {
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example id: evt_0mhx3k2a1c3f9a27b4e6d1008
                     *     event: call.ended
                     *     data: {"id":"evt_0mhx3k2a1c3f9a27b4e6d1008","type":"call.ended","timestamp":"2026-11-20T09:27:41.000Z","data":{"call":{…}}}
                     */
                    "text/event-stream": string;
                };
            };
            /** @description The call ended, and the watcher has seen the end already. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A limit of the API key is reached: audio streams open at once (`too_many_streams`, `<PREFIX>_MAX_STREAMS_PER_KEY`; nothing was sent), calls watched, webhook endpoints; retry after `Retry-After` seconds where given. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:too_many_streams",
                     *       "title": "This API key has as many audio streams open as it may",
                     *       "status": 429,
                     *       "detail": "This API key already has 8 audio streams open from instance 'verba', as many as it may; nothing was sent. Close one, or retry after Retry-After seconds.",
                     *       "code": "too_many_streams",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider does not support this operation. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_implemented",
                     *       "title": "Operation not supported by this provider",
                     *       "status": 501,
                     *       "detail": "callfire instance 'callfire' does not support 'keep'.",
                     *       "code": "not_implemented",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "callfire",
                     *       "instance": "callfire",
                     *       "capabilities": [
                     *         "get",
                     *         "find"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider answered with an error or something unreadable; for writes answered by something other than the provider, `outcome: unknown`. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_bad_response",
                     *       "title": "The provider answered with something unreadable",
                     *       "status": 502,
                     *       "detail": "verba instance 'verba' sent an unusable answer: answer exceeds 1048576 bytes.",
                     *       "code": "provider_bad_response",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider cannot be reached, says it is overloaded, or failed so often that its circuit breaker is open; or the gateway's cap on requests per second to it is reached (`provider_rate_limited`, nothing was sent); or, for a write with an `Idempotency-Key`, the gateway's state could not be reached (`state_unavailable`, nothing was sent); or, for audio, the gateway relays as many streams from the instance as it may (`streams_busy`, `<PREFIX>_MAX_STREAMS`, nothing was sent); retry after `Retry-After` seconds. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_unavailable",
                     *       "title": "The provider cannot be reached",
                     *       "status": 503,
                     *       "detail": "verba instance 'verba' cannot be reached: cannot connect (ECONNREFUSED).",
                     *       "code": "provider_unavailable",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The provider did not answer in time; for writes, `outcome: unknown`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:provider_timeout",
                     *       "title": "The provider did not answer in time",
                     *       "status": 504,
                     *       "detail": "verba instance 'verba' did not answer in time.",
                     *       "code": "provider_timeout",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "outcome": "unknown"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoints, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
                     *           "url": "https://crm.internal/hooks/calls",
                     *           "events": [
                     *             "call.ended",
                     *             "call.kept"
                     *           ],
                     *           "instances": null,
                     *           "createdAt": "2026-11-20T09:00:00.000Z",
                     *           "updatedAt": "2026-11-20T09:00:00.000Z",
                     *           "disabledAt": null,
                     *           "disabledReason": null,
                     *           "failingSince": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://crm.internal/hooks/calls",
                 *       "events": [
                 *         "call.ended",
                 *         "call.kept"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["WebhookEndpointCreate"];
            };
        };
        responses: {
            /** @description Made; the secret is in this answer only. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
                     *       "url": "https://crm.internal/hooks/calls",
                     *       "events": [
                     *         "call.ended",
                     *         "call.kept"
                     *       ],
                     *       "instances": null,
                     *       "createdAt": "2026-11-20T09:00:00.000Z",
                     *       "updatedAt": "2026-11-20T09:00:00.000Z",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "failingSince": null,
                     *       "secret": "whsec_<shown once>"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:payload_too_large",
                     *       "title": "Request body too large",
                     *       "status": 413,
                     *       "detail": "Request bodies are limited to 16384 bytes.",
                     *       "code": "payload_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unsupported_media_type",
                     *       "title": "Unsupported media type",
                     *       "status": 415,
                     *       "detail": "Send the request body as application/json.",
                     *       "code": "unsupported_media_type",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A limit of the API key is reached: audio streams open at once (`too_many_streams`, `<PREFIX>_MAX_STREAMS_PER_KEY`; nothing was sent), calls watched, webhook endpoints; retry after `Retry-After` seconds where given. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:too_many_streams",
                     *       "title": "This API key has as many audio streams open as it may",
                     *       "status": 429,
                     *       "detail": "This API key already has 8 audio streams open from instance 'verba', as many as it may; nothing was sent. Close one, or retry after Retry-After seconds.",
                     *       "code": "too_many_streams",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
                     *       "url": "https://crm.internal/hooks/calls",
                     *       "events": [
                     *         "call.ended",
                     *         "call.kept"
                     *       ],
                     *       "instances": null,
                     *       "createdAt": "2026-11-20T09:00:00.000Z",
                     *       "updatedAt": "2026-11-20T09:00:00.000Z",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "failingSince": null
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "events": [
                 *         "call.ended"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["WebhookEndpointUpdate"];
            };
        };
        responses: {
            /** @description The endpoint as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
                     *       "url": "https://crm.internal/hooks/calls",
                     *       "events": [
                     *         "call.ended"
                     *       ],
                     *       "instances": null,
                     *       "createdAt": "2026-11-20T09:00:00.000Z",
                     *       "updatedAt": "2026-11-20T09:00:00.000Z",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "failingSince": null
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:payload_too_large",
                     *       "title": "Request body too large",
                     *       "status": 413,
                     *       "detail": "Request bodies are limited to 16384 bytes.",
                     *       "code": "payload_too_large",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is not JSON. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unsupported_media_type",
                     *       "title": "Unsupported media type",
                     *       "status": 415,
                     *       "detail": "Send the request body as application/json.",
                     *       "code": "unsupported_media_type",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint, with its new secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
                     *       "url": "https://crm.internal/hooks/calls",
                     *       "events": [
                     *         "call.ended",
                     *         "call.kept"
                     *       ],
                     *       "instances": null,
                     *       "createdAt": "2026-11-20T09:00:00.000Z",
                     *       "updatedAt": "2026-11-20T09:00:00.000Z",
                     *       "disabledAt": null,
                     *       "disabledReason": null,
                     *       "failingSince": null,
                     *       "secret": "whsec_<shown once>"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "eventId": "evt_0mhx3k2c4d5e6f7a8b9c0d1e2",
                     *       "deliveryId": "dlv_0mhx3k2b9e1d2c3b4a5f6e7d8"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookQueued"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description How many deliveries, newest first (1-100). */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "dlv_0mhx3k2b9e1d2c3b4a5f6e7d8",
                     *           "eventId": "evt_0mhx3k2a1c3f9a27b4e6d1008",
                     *           "eventType": "call.ended",
                     *           "state": "pending",
                     *           "attempts": [
                     *             {
                     *               "at": "2026-11-20T09:27:41.120Z",
                     *               "statusCode": 503,
                     *               "durationMs": 84,
                     *               "excerpt": "Service Unavailable",
                     *               "error": null
                     *             }
                     *           ],
                     *           "nextAttemptAt": "2026-11-20T09:27:46.300Z",
                     *           "createdAt": "2026-11-20T09:27:41.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint’s id (`whk_…`). */
                id: string;
                /** @description The delivery’s id (`dlv_…`), from GET /webhooks/{id}/deliveries. */
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "eventId": "evt_0mhx3k2c4d5e6f7a8b9c0d1e2",
                     *       "deliveryId": "dlv_0mhx3k2b9e1d2c3b4a5f6e7d8"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookQueued"];
                };
            };
            /** @description Bad input: the problem names each bad field; `unknown_instance` when the call id or `provider` names no configured instance. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:bad_request",
                     *       "title": "Bad request",
                     *       "status": 400,
                     *       "detail": "Invalid query.status.",
                     *       "code": "bad_request",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "errors": [
                     *         {
                     *           "field": "query.status",
                     *           "message": "Invalid option: expected one of \"ongoing\"|\"next\"|\"last\"|\"ongoing,next\"|\"last,ongoing\""
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one the gateway does not know. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:unauthorized",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Send a gateway API key as `Authorization: Bearer <key>`.",
                     *       "code": "unauthorized",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this operation needs. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "This API key lacks the scope 'calls:write'.",
                     *       "code": "forbidden",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such call; on `/providers/{instance}/…`, no such instance either (`unknown_instance`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "urn:callgate:problem:not_found",
                     *       "title": "Not found",
                     *       "status": 404,
                     *       "detail": "No such call.",
                     *       "code": "not_found",
                     *       "requestId": "0f6b1c9e-2f4a-4c55-9d3e-6b1a2c3d4e5f",
                     *       "provider": "verba",
                     *       "instance": "verba",
                     *       "providerCode": "2",
                     *       "providerMessage": "Unable to retrieve the call information, because the call cannot be found."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveCallEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry: deduplicate on it. */
                "webhook-id": string;
                /** @description Seconds since the epoch, when this attempt was signed. */
                "webhook-timestamp": string;
                /** @description `v1,<base64>`; two, space-separated, for 24 h after a secret rotation. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_0mhx3k2a1c3f9a27b4e6d1008",
                 *       "type": "call.ended",
                 *       "timestamp": "2026-11-20T09:27:41.000Z",
                 *       "data": {
                 *         "call": {
                 *           "id": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                 *           "provider": "verba",
                 *           "instance": "verba",
                 *           "providerCallId": "a8343631-9f35-4a3a-83f0-9e81592339fb",
                 *           "state": "completed",
                 *           "providerState": "1",
                 *           "outcome": null,
                 *           "providerOutcome": "0",
                 *           "direction": "outbound",
                 *           "from": {
                 *             "number": "8856",
                 *             "name": "Front desk"
                 *           },
                 *           "to": [
                 *             {
                 *               "number": "+12125550101",
                 *               "name": "Ada Lovelace"
                 *             }
                 *           ],
                 *           "startedAt": "2026-11-20T09:15:02.120Z",
                 *           "answeredAt": null,
                 *           "endedAt": "2026-11-20T09:27:36.120Z",
                 *           "durationSeconds": 754,
                 *           "createdAt": null,
                 *           "updatedAt": null,
                 *           "attempts": [],
                 *           "recordings": [
                 *             {
                 *               "id": "a8343631-9f35-4a3a-83f0-9e81592339fb",
                 *               "callId": "verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                 *               "name": null,
                 *               "startedAt": "2026-11-20T09:15:02.120Z",
                 *               "durationSeconds": 754,
                 *               "format": null,
                 *               "contentType": null,
                 *               "links": {
                 *                 "audio": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/recordings/a8343631-9f35-4a3a-83f0-9e81592339fb/audio"
                 *               }
                 *             }
                 *           ],
                 *           "labels": [],
                 *           "recordingPolicy": {
                 *             "onDemand": true,
                 *             "kept": false,
                 *             "doNotDelete": false
                 *           },
                 *           "externalIds": {
                 *             "platformCallId": "71627389",
                 *             "nativeId": "TRS26140192"
                 *           },
                 *           "links": {
                 *             "self": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb",
                 *             "providerUrl": "/calls/verba_a8343631-9f35-4a3a-83f0-9e81592339fb/url"
                 *           }
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CallEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx will do. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveEndpointEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id; the same on every retry: deduplicate on it. */
                "webhook-id": string;
                /** @description Seconds since the epoch, when this attempt was signed. */
                "webhook-timestamp": string;
                /** @description `v1,<base64>`; two, space-separated, for 24 h after a secret rotation. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_0mhx3k2c4d5e6f7a8b9c0d1e2",
                 *       "type": "webhook.endpoint.disabled",
                 *       "timestamp": "2026-11-25T09:27:41.000Z",
                 *       "data": {
                 *         "endpoint": {
                 *           "id": "whk_0mhx3k2a17c2e9b04d1f3a6b8",
                 *           "url": "https://crm.internal/hooks/calls",
                 *           "disabledReason": "The endpoint answered 410 Gone."
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["EndpointEvent"];
            };
        };
        responses: {
            /** @description Received. Any 2xx will do. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
