import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../src/cli/suggest.js';
import { quoteInput } from '../../src/cli/usage-error.js';

const COMMANDS = ['create-chat', 'list-chats', 'get-chat', 'delete-chat', 'create-chat-completion'];

describe('nearest', () => {
  it('suggests the command one typo away', () => {
    expect(nearest('creat-chat', COMMANDS)).toBe('create-chat');
  });

  it('suggests a command with two letters swapped', () => {
    expect(nearest('lsit-chats', COMMANDS)).toBe('list-chats');
  });

  it('suggests the only command that starts with what was typed', () => {
    expect(nearest('delete', COMMANDS)).toBe('delete-chat');
  });

  it('suggests nothing when several commands start with what was typed', () => {
    expect(nearest('create', COMMANDS)).toBeUndefined();
  });

  it('suggests nothing for a word far from every candidate', () => {
    expect(nearest('frobnicate', COMMANDS)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('quoteInput', () => {
  it('quotes a short single line as it is', () => {
    expect(quoteInput('bogus')).toBe("'bogus'");
  });

  it('keeps only the first line, marking the cut', () => {
    expect(quoteInput('first\nsecond')).toBe("'first…'");
  });

  it('cuts a long line to 40 characters', () => {
    expect(quoteInput('x'.repeat(100))).toBe(`'${'x'.repeat(40)}…'`);
  });
});
