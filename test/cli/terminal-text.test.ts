import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVER_TEXT_LIMIT, safeServerLine } from '../../src/cli/server-text.js';
import {
  escapeAnswerText,
  escapeControls,
  escapeJsonControls,
} from '../../src/cli/terminal-text.js';

/** Every C0 control, DEL and every C1 control. */
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const controlsIn = (text: string) => [...text].filter((char) => isControl(char.charCodeAt(0)));

describe('escapeControls', () => {
  it('writes ESC, BEL and a C1 CSI visibly', () => {
    expect(escapeControls('a\u001b[2J\u0007\u009bb')).toBe('a\\u001b[2J\\u0007\\u009bb');
  });

  it('leaves text without controls as it is, accents and emoji included', () => {
    expect(escapeControls('Olá — ok 👍')).toBe('Olá — ok 👍');
  });

  it('leaves no control character in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(controlsIn(escapeControls(text))).toEqual([]);
      }),
    );
  });
});

describe('escapeControls, invisible characters', () => {
  it('writes a newline, line separators and bidi overrides visibly', () => {
    expect(escapeControls('a\nb\u2028c\u202ed')).toBe('a\\nb\\u2028c\\u202ed');
  });
});

describe('escapeAnswerText', () => {
  it('keeps newlines and tabs, escapes every other control', () => {
    expect(escapeAnswerText('a\n\tb\r\u001b]0;x\u0007')).toBe('a\n\tb\\u000d\\u001b]0;x\\u0007');
  });

  it('leaves no control but newline and tab in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(controlsIn(escapeAnswerText(text)).filter((c) => c !== '\n' && c !== '\t')).toEqual(
          [],
        );
      }),
    );
  });
});

describe('escapeJsonControls', () => {
  it('leaves no control in JSON, which still parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const data = { value, text };
        const json = escapeJsonControls(JSON.stringify(data, null, 2));
        expect(controlsIn(json).filter((c) => c !== '\n')).toEqual([]);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });
});

describe('safeServerLine', () => {
  it('hides the token as is, JSON-escaped and percent-encoded', () => {
    const token = 'sk_a"b/c';
    const line = `key ${token} json ${JSON.stringify(token).slice(1, -1)} url ?t=${encodeURIComponent(token)}`;
    expect(safeServerLine(line, token)).toBe('key *** json *** url ?t=***');
  });

  it('hides credentials that are not the token too: a bearer value, an sk_ key, a JWT', () => {
    expect(safeServerLine('Bearer abc sk_live_123456 eyJa.eyJb.sig', 'mine')).toBe(
      'Bearer *** *** ***',
    );
  });

  it('hides only whole tokens, so a short token leaves words alone', () => {
    expect(safeServerLine('the chats retry t', 't')).toBe('the chats retry ***');
  });

  it('cuts long text and says how long it was', () => {
    const line = safeServerLine('y'.repeat(SERVER_TEXT_LIMIT + 5), undefined);
    expect(line).toBe(`${'y'.repeat(SERVER_TEXT_LIMIT)}… (${SERVER_TEXT_LIMIT + 5} characters)`);
  });

  it('leaves text the SDK already cut as it is, so its note keeps the whole length', () => {
    const cut = `GET /api/v1/chats: ${'y'.repeat(SERVER_TEXT_LIMIT)}… (5000000 characters)`;
    expect(safeServerLine(cut, undefined)).toBe(cut);
  });

  it('hides a token that straddles the cut, rather than printing its start', () => {
    const token = 'sk_secret_token';
    const line = safeServerLine(`${'y'.repeat(SERVER_TEXT_LIMIT - 5)} ${token}`, token);
    expect(line).not.toContain('sk_se');
  });

  it('escapes controls after hiding the token', () => {
    expect(safeServerLine('\u001b[2J tok_x', 'tok_x')).toBe('\\u001b[2J ***');
  });
});
