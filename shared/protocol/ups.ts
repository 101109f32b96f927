import { Type, type Static } from '@sinclair/typebox';

/**
 * The UPS (onduleur) the server sits behind, as NUT's `upsc` reports it at the moment of the heartbeat.
 * Sent only when the agent found a UPS and read it; absent otherwise.
 */
export const UpsReadingSchema = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'The UPS as NUT names it, `ups[@host[:port]]`, e.g. `eaton@localhost`.',
    }),
    status: Type.Array(Type.String({ minLength: 1, maxLength: 16, description: 'One `ups.status` token, e.g. `OL`, `OB`, `LB`, `RB`, `CHRG`.' }), {
      maxItems: 16,
      description: 'The tokens of NUT `ups.status`, in order (`OB LB` = on battery, battery low).',
    }),
    onBattery: Type.Boolean({ description: 'True when the UPS runs on its battery (`OB` in the status): the mains power is off.' }),
    lowBattery: Type.Boolean({ description: 'True when the battery is low (`LB` in the status): the UPS is about to cut the power.' }),
    chargeRatio: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'Battery charge, 0–1 (NUT `battery.charge` / 100); absent when the UPS does not say.' }),
    ),
    runtimeSeconds: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 604_800,
        description: 'Runtime left on battery at the current load, in seconds (NUT `battery.runtime`); absent when the UPS does not say.',
      }),
    ),
  },
  { additionalProperties: false, description: 'The UPS powering the server, read with NUT `upsc` (absent when there is none).' },
);
export type UpsReading = Static<typeof UpsReadingSchema>;
