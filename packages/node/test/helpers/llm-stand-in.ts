import * as path from 'node:path';
import { startChildService, type ChildService } from './child-service';

/** The example's OpenAI-compatible stand-in server (`examples/two-service-agent`), run as a child process on a free port. */
export function startLlmStandIn(): Promise<ChildService> {
  const script = path.join(__dirname, '..', '..', '..', '..', 'examples', 'two-service-agent', 'dist', 'llm-server.js');
  return startChildService(script, [], { LLM_PORT: '0' });
}
