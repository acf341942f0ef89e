import type { Plan } from '../plan/schema.js';
import type { Refiner } from '../understand/types.js';

/**
 * The OpenAI-compatible refiner when OPENAI_API_KEY is set, otherwise null (rules only).
 * The LLM issue fills this in; until then the bot runs on rules alone.
 */
export async function refinerFromEnv(_env: NodeJS.ProcessEnv, _plan: Plan): Promise<Refiner | null> {
  return null;
}
