import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, envelopeFields } from './common.ts';

/** Kinds of life-cycle events an agent announces. */
export const EventTypeSchema = Type.Union([Type.Literal('startup'), Type.Literal('shutdown')], {
  description: '`startup`: the agent started (sent with the boot time); `shutdown`: it was stopped by SIGTERM (system shutting down).',
});
export type EventType = Static<typeof EventTypeSchema>;

/** `POST /api/v1/event`: a life-cycle event, so the collector can tell an announced shutdown from a power cut. */
export const EventSchema = Type.Object(
  {
    ...envelopeFields,
    type: EventTypeSchema,
    at: { ...InstantSchema, description: 'When the event happened (agent clock).' },
    bootTime: { ...InstantSchema, description: 'Boot time of the current boot.' },
    reason: Type.Optional(Type.String({ maxLength: 200, description: 'Free text, e.g. `SIGTERM`.' })),
  },
  { additionalProperties: false, $id: 'Event' },
);
export type Event = Static<typeof EventSchema>;
