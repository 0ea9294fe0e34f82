/**
 * The reference page's view of the OpenAPI document (views/api/docs.ejs): each operation by tag, with
 * its parameters, request body and answers, and each named schema once. Schemas are shown as the
 * document holds them (JSON Schema, pretty-printed); a `$ref` names the schema listed further down.
 */
import type { ApiDocument } from './openapi.js';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: string;
}

interface Body {
  readonly status?: string;
  readonly description?: string;
  readonly mediaTypes: readonly { type: string; schema: string }[];
}

export interface DocsOperation {
  readonly anchor: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody: Body | null;
  readonly responses: readonly Body[];
}

type Json = Record<string, unknown>;

const pretty = (schema: unknown): string => (schema === undefined ? '' : JSON.stringify(schema, null, 2));

function mediaTypes(content: unknown): { type: string; schema: string }[] {
  return Object.entries((content ?? {}) as Record<string, Json>).map(([type, media]) => ({
    type,
    schema: pretty(media.schema),
  }));
}

export function docsView(document: ApiDocument) {
  const tags = new Map<string, DocsOperation[]>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = ((op.parameters ?? []) as Json[]).map((p) => ({
        name: String(p.name),
        in: String(p.in),
        required: p.required === true,
        description: typeof p.description === 'string' ? p.description : '',
        schema: pretty(p.schema),
      }));
      const body = op.requestBody as Json | undefined;
      const operation: DocsOperation = {
        anchor: String(op.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ''),
        description: String(op.description ?? ''),
        parameters,
        requestBody: body ? { mediaTypes: mediaTypes(body.content) } : null,
        responses: Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => ({
          status,
          description: String(r.description ?? ''),
          mediaTypes: mediaTypes(r.content),
        })),
      };
      const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0];
      tags.set(tag, [...(tags.get(tag) ?? []), operation]);
    }
  }
  const schemas = Object.entries((document.components?.schemas ?? {}) as Record<string, unknown>).map(
    ([name, schema]) => ({ name, schema: pretty(schema) }),
  );
  return {
    info: document.info,
    server: document.servers?.[0]?.url ?? '/api/v1',
    tags: [...tags].map(([name, operations]) => ({ name, operations })),
    schemas,
  };
}
