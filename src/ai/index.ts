/**
 * `@soat/sdk/ai`: SOAT inside the Vercel AI SDK. The server side of `useChat`
 * (`toUIMessageStreamResponse`, `toUIMessageStream`, `fromUIMessages`) needs no AI SDK package;
 * the provider (`createSoat`) gives `streamText` and `generateText` SOAT models. Nothing here
 * is loaded by `@soat/sdk` itself.
 */
export { fromUIMessages, type UIMessageLike } from './from-ui-messages.js';
export {
  createSoat,
  type SoatModelSettings,
  type SoatProvider,
  type SoatProviderOptions,
} from './provider.js';
export type { SoatFinishReason, SoatUIMessageChunk } from './ui-message-chunk.js';
export {
  toUIMessageStream,
  toUIMessageStreamResponse,
  type UIMessageStreamOptions,
} from './ui-message-stream.js';
