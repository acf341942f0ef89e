import { describe, expect, it } from 'vitest';
import { LlmConfigError, readLlmConfig } from '../../src/llm/config.js';

describe('readLlmConfig', () => {
  it('is off (null) without OPENAI_API_KEY, also when it is blank', () => {
    expect(readLlmConfig({})).toBeNull();
    expect(readLlmConfig({ OPENAI_API_KEY: '  ', OPENAI_BASE_URL: 'https://api.deepseek.com' })).toBeNull();
  });

  it('defaults: OpenAI, gpt-4o-mini, strict json_schema, 10 s, 2 retries, threshold 0.6', () => {
    expect(readLlmConfig({ OPENAI_API_KEY: 'k' })).toEqual({
      apiKey: 'k',
      baseURL: null,
      model: 'gpt-4o-mini',
      timeoutMs: 10_000,
      maxRetries: 2,
      minConfidence: 0.6,
      responseFormat: 'json_schema',
    });
  });

  it.each([
    ['https://api.deepseek.com', 'deepseek-chat', 'json_object'],
    ['https://dashscope.aliyuncs.com/compatible-mode/v1', 'qwen-plus', 'json_object'],
    ['https://api.moonshot.cn/v1', 'moonshot-v1-8k', 'json_object'],
    ['https://open.bigmodel.cn/api/paas/v4/', 'glm-4-flash', 'json_object'],
    ['http://127.0.0.1:11434/v1', 'gpt-4o-mini', 'json_schema'],
  ])('picks the model and JSON mode for %s', (baseURL, model, responseFormat) => {
    expect(readLlmConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: baseURL })).toMatchObject({ baseURL, model, responseFormat });
  });

  it('explicit settings win over the provider defaults; blank lines mean default', () => {
    const c = readLlmConfig({
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'https://api.deepseek.com',
      OPENAI_MODEL: 'deepseek-reasoner',
      LLM_TIMEOUT_MS: '3000',
      LLM_MAX_RETRIES: '0',
      LLM_MIN_CONFIDENCE: '0.45',
      LLM_RESPONSE_FORMAT: 'json_schema',
    });
    expect(c).toMatchObject({ model: 'deepseek-reasoner', timeoutMs: 3000, maxRetries: 0, minConfidence: 0.45, responseFormat: 'json_schema' });
    expect(readLlmConfig({ OPENAI_API_KEY: 'k', LLM_TIMEOUT_MS: '', OPENAI_MODEL: '' })).toMatchObject({ timeoutMs: 10_000, model: 'gpt-4o-mini' });
  });

  it.each([
    ['LLM_TIMEOUT_MS', 'ten', /LLM_TIMEOUT_MS="ten" 不可用.*例如 LLM_TIMEOUT_MS=10000/],
    ['LLM_TIMEOUT_MS', '5', /LLM_TIMEOUT_MS="5" 不可用：应为 100–120000/],
    ['LLM_MAX_RETRIES', '-1', /LLM_MAX_RETRIES="-1" 不可用/],
    ['LLM_MIN_CONFIDENCE', '60%', /LLM_MIN_CONFIDENCE="60%" 不可用：应为 0 到 1 之间的小数/],
    ['OPENAI_BASE_URL', 'api.deepseek.com', /OPENAI_BASE_URL 不是 http\(s\) 地址/],
    ['LLM_RESPONSE_FORMAT', 'xml', /LLM_RESPONSE_FORMAT 只能是 json_schema/],
  ])('a bad %s=%s is an error naming the setting and the fix', (name, value, message) => {
    const read = () => readLlmConfig({ OPENAI_API_KEY: 'sk-should-not-leak-123', [name]: value });
    expect(read).toThrow(LlmConfigError);
    expect(read).toThrow(message);
    expect(read).toThrow(/请修改 \.env/);
    expect(read).not.toThrow(/sk-should-not-leak/);
  });

  it('lists every bad setting at once', () => {
    expect(() => readLlmConfig({ OPENAI_API_KEY: 'k', LLM_TIMEOUT_MS: 'x', LLM_MAX_RETRIES: 'y' })).toThrow(/LLM_TIMEOUT_MS[\s\S]*LLM_MAX_RETRIES/);
  });
});
