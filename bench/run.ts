import { benchAnswer } from './answer.js';
import { benchStore } from './store.js';
import { benchLlm } from './llm.js';
import { benchEval } from './eval.js';

/** npm run bench: figures, not assertions. Reading accuracy, answering, saving, and how often the LLM would be asked. */
const started = performance.now();
for (const part of [benchEval, benchAnswer, benchStore, benchLlm]) {
  const lines = await part();
  console.log(lines.join('\n'));
  console.log('');
}
console.log(`bench finished in ${Math.round((performance.now() - started) / 1000)} s`);
