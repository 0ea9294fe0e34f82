/**
 * One API operation, declared once: its method and path, the zod schemas of its path parameters,
 * query and body, its answers, and its handler. `mountOperation` validates a request with exactly
 * these schemas before the handler runs (a 422 listing each field at fault), and routes/api/openapi.ts
 * renders the same objects into the OpenAPI document, so the document cannot drift from the checks.
 */
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { StaffUser } from '../../services/users.js';
import { UnprocessableError, type FieldIssue } from './problem.js';

/** Statuses an operation may fail with besides those every operation has (401, 422, 429). */
export type FailureStatus = 400 | 403 | 404 | 409;

export interface SuccessSpec {
  readonly status: 200 | 201;
  readonly description: string;
  /** The JSON body's schema; `content` lists other media types (CSV) instead or as well. */
  readonly schema?: z.ZodType;
  readonly content?: Readonly<Record<string, z.ZodType>>;
  readonly headers?: Readonly<Record<string, string>>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface ApiContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The token's owner, as the account is now. */
  readonly user: StaffUser;
  readonly req: Request;
  readonly res: Response;
}

interface OperationSpec {
  readonly method: 'get' | 'post';
  /** OpenAPI style, under /api/v1: `/organizations/{org}`. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly success: SuccessSpec;
  readonly failures: readonly FailureStatus[];
  /** A 304 answer (conditional GET). */
  readonly notModified?: boolean;
}

export interface ApiOperation extends OperationSpec {
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Resolves to the JSON body of the success answer, or undefined when it answered itself. */
  readonly handle: (ctx: ApiContext<unknown, unknown, unknown>) => Promise<unknown>;
}

export function defineOperation<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  op: OperationSpec & {
    readonly params?: P;
    readonly query?: Q;
    readonly body?: B;
    readonly handle: (ctx: ApiContext<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>;
  },
): ApiOperation {
  return op as unknown as ApiOperation;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: FieldIssue['in']): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    in: where,
    name: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  throw new UnprocessableError(errors.map((e) => `${e.name}: ${e.message}`).join(' '), errors);
}

/** `/organizations/{org}` → `/organizations/:org`. */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

export function mountOperation(router: Router, op: ApiOperation): void {
  router[op.method](expressPath(op.path), async (req, res) => {
    const params = parse(op.params, req.params, 'path');
    const query = parse(op.query, req.query, 'query');
    const body = parse(op.body, req.body ?? {}, 'body');
    const user = res.locals.user as StaffUser;
    const result = await op.handle({ params, query, body, user, req, res });
    if (result !== undefined && !res.headersSent) res.status(op.success.status).json(result);
  });
}
