export { testServices, uniqueName, waitFor, type WaitOptions } from './helpers.js';
export { createTopics, produce, readRecords, type ReadRecord } from './kafka.js';
