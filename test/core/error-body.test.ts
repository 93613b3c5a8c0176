import { describe, expect, it } from 'vitest';
import { parseJsonBody, toErrorResponse } from '../../src/core/error-body.js';
import { SoatError } from '../../src/errors.js';

const response = (status: number, statusText = '', type = 'text/html') =>
  new Response(null, { status, statusText, headers: { 'content-type': type } });

describe('toErrorResponse', () => {
  it('keeps a string error body as it is', () => {
    expect(toErrorResponse({ error: 'Unauthorized' }, response(401))).toEqual({
      error: 'Unauthorized',
    });
  });

  it('keeps a domain error body as it is', () => {
    const body = { error: { code: 'RESOURCE_NOT_FOUND', message: 'Chat not found', meta: {} } };
    expect(toErrorResponse(body, response(404))).toEqual(body);
  });

  it('turns an HTML page into status, status text and the start of the page', () => {
    const page = `<html><body>${'Bad gateway '.repeat(40)}</body></html>`;
    const { error } = toErrorResponse(page, response(502, 'Bad Gateway'));
    expect(error).toMatch(/^502 Bad Gateway: <html><body>Bad gateway/);
    expect(error).toMatch(/^502 Bad Gateway: .{200}… \(\d+ characters\)$/);
  });

  it('turns an empty body into the status alone', () => {
    expect(toErrorResponse(undefined, response(503, 'Service Unavailable'))).toEqual({
      error: '503 Service Unavailable',
    });
    expect(toErrorResponse('', response(500))).toEqual({ error: '500' });
  });

  it('turns JSON of another shape into its text', () => {
    expect(toErrorResponse({ message: 'nope' }, response(429))).toEqual({
      error: '429: {"message":"nope"}',
    });
  });
});

describe('parseJsonBody', () => {
  it('parses JSON', () => {
    expect(parseJsonBody('{"a":1}', () => 'GET /x', response(200, '', 'application/json'))).toEqual(
      {
        a: 1,
      },
    );
  });

  it('throws a SoatError naming the request and quoting the body when it is not JSON', () => {
    let thrown: unknown;
    try {
      parseJsonBody('<html>Sign in</html>', () => 'GET /api/v1/chats', response(200));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SoatError);
    expect((thrown as Error).message).toMatch(/^GET \/api\/v1\/chats: /);
    expect((thrown as Error).message).toContain('text/html');
    expect((thrown as Error).message).toContain('<html>Sign in</html>');
    expect((thrown as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('what an error body pins down (issue 15)', () => {
  it('reads an error status whose JSON body is null as status and the text null', () => {
    expect(toErrorResponse(null, response(500, 'Internal Server Error'))).toEqual({
      error: '500 Internal Server Error: null',
    });
  });

  it('does not take { error: null } for an error body', () => {
    expect(toErrorResponse({ error: null }, response(500))).toEqual({
      error: '500: {"error":null}',
    });
  });

  it('quotes a 200-character body whole, without an ellipsis', () => {
    const text = 'x'.repeat(200);
    expect(() => parseJsonBody(text, () => 'GET /x', response(200))).toThrow(`"${text}"`);
  });

  it('cuts a 201-character body to 200 characters and an ellipsis with the length', () => {
    const text = `${'x'.repeat(200)}y`;
    expect(() => parseJsonBody(text, () => 'GET /x', response(200))).toThrow(
      `"${'x'.repeat(200)}… (201 characters)"`,
    );
  });
});

describe('what an error body pins down, further (issue 15)', () => {
  it('quotes a long page cut to its first 200 characters, trimmed', () => {
    const page = `  ${'x'.repeat(300)}`;
    expect(toErrorResponse(page, response(502, 'Bad Gateway'))).toEqual({
      error: `502 Bad Gateway: ${'x'.repeat(200)}… (300 characters)`,
    });
  });

  it('renders an error whose message is not a string as its JSON text', () => {
    expect(toErrorResponse({ error: { message: 5 } }, response(500))).toEqual({
      error: '{"message":5}',
    });
  });

  it('says no content-type when a body that is not JSON came without one', () => {
    const bare = new Response(null, { status: 200 });
    bare.headers.delete('content-type');
    expect(() => parseJsonBody('<html>', () => 'GET /x', bare)).toThrow(/\(no content-type\)/);
  });
});
