export { createRequestIntake, DLQ_HEADERS, type IntakeOutcome, type RequestIntakeDeps } from './request-intake.js';
