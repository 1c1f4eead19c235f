export { isolatedEnv, testServices, type IsolatedEnv, uniqueName, waitFor, type WaitOptions } from './helpers.js';
export {
  committedOffsets, createTopics, describeTopic, produce, readRecords, type ReadRecord, streamMessages, type MessageStream, type StreamOptions,
} from './kafka.js';
export { runAppToExit, runScript, startApp, type AppBuild, type AppName, type AppProcess, type LogLine } from './processes.js';
export { intEnv, LOG_LEVELS, peakRssMb, smokeMode, type LogLevel, logLevelEnv, median, percentile, scanDelete } from './bench.js';
export {
  anthropicError,
  anthropicMessage,
  anthropicReplies,
  openAiChatReplies,
  openAiResponsesReplies,
  type VendorReplies,
  openAiChatCompletion,
  openAiError,
  openAiResponse,
  requestedOutput,
  startFakeVendor,
  userMessageOf,
  type FakeReply,
  type FakeRequest,
  type FakeUsage,
  type FakeVendor,
  type Responder,
  type Vendor,
} from './llm-fakes.js';
export { javaConsume, javaProduce, kafkaClasspath, type JavaCompression } from './java-kafka.js';
export { brokerFilesReachable, damageStoredBatch, type BatchDamage } from './kafka-disk.js';
export { DedicatedServices, type DedicatedServicesConfig, dedicatedServices, type ServiceName, startDedicatedServices } from './dedicated-services.js';
