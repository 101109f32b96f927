export * from './common.ts';
export * from './heartbeat.ts';
export * from './event.ts';
export * from './report.ts';
export * from './quota-section.ts';
export * from './spaces-section.ts';
export * from './ingest-response.ts';
export * from './enrol.ts';
