import { defineConfig } from 'vitest/config';
import { faultPreset } from '@aisvc/testkit/vitest-preset';

// `pnpm test:faults`: the fault suite (test/faults/), on services of its own.
export default defineConfig(faultPreset());
