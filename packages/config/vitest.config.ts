import { defineConfig } from 'vitest/config';
import { testPreset } from '@aisvc/testkit/vitest-preset';

export default defineConfig(testPreset());
