/**
 * OpenTelemetry messaging semantic-convention attribute names the example writes (development
 * status in the conventions; the names are those of `@opentelemetry/semantic-conventions`'
 * incubating entry).
 */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_MESSAGE_BODY_SIZE = 'messaging.message.body.size';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';

/** `messaging.system` of the example's broker (not a system the conventions list). */
export const MESSAGING_SYSTEM = 'agent_otel_example_queue';
/** The queue the example's jobs go through. */
export const JOBS_QUEUE = 'agent-jobs';
