import type { FastifyError } from 'fastify';
import type { ApiInstance } from './types.js';
import type { ErrorBody } from '@aisvc/contracts';
import { DependencyUnavailableError } from '@aisvc/intake';

/** An error that becomes the one error body `{code, message, details?}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);

/**
 * Runs a call to Redis or Kafka; if it fails, the client gets 503 naming the
 * dependency instead of a 500 (the request was fine, a dependency was not).
 */
export async function fromDependency<T>(dependency: 'redis' | 'kafka', call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new DependencyUnavailableError(dependency, error);
  }
}

// Fastify's own client errors, mapped to stable codes.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

/** One error body for every failure; never a stack trace, never a 500 for bad input. */
export function installErrorHandling(app: ApiInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` };
    return reply.code(404).send(body);
  });

  app.setErrorHandler((error: FastifyError | ApiError | DependencyUnavailableError, request, reply) => {
    let status: number;
    let body: ErrorBody;
    if (error instanceof DependencyUnavailableError) {
      status = 503;
      body = { code: 'SERVICE_UNAVAILABLE', message: `${error.dependency} is unavailable, try again shortly`, details: { dependency: error.dependency } };
    } else if (error instanceof ApiError) {
      status = error.statusCode;
      body = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
    } else if ('validation' in error && error.validation) {
      status = 400;
      body = {
        code: 'INVALID_REQUEST',
        message: `invalid ${error.validationContext ?? 'request'}: ${error.validation.map((v) => `${v.instancePath || '/'} ${v.message ?? ''}`.trim()).join('; ')}`,
        details: error.validation.map((v) => ({ path: `${error.validationContext ?? ''}${v.instancePath}`, message: v.message })),
      };
    } else if ('statusCode' in error && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      body = { code: FASTIFY_CODES[error.code] ?? 'BAD_REQUEST', message: error.message };
    } else {
      status = 500;
      body = { code: 'INTERNAL_ERROR', message: 'internal error; the request id is in the server log' };
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request rejected');
    return reply.code(status).send(body);
  });
}
