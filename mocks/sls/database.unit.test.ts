// Which errors mean "the database is not available now" (a 503 the client may retry) rather than
// a bug (a 500), and the few words a 503 and /health give for each.

import { describe, expect, it } from 'vitest';
import { describeUnavailability, isDatabaseUnavailable } from './database.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
/** `inner` wrapped `depth` times, each wrapper's cause the one inside it. */
const nestedCauses = (depth: number, inner: Error): Error =>
  depth === 0 ? inner : new Error(`wrapper ${depth}`, { cause: nestedCauses(depth - 1, inner) });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'a connection the server ended',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['a server shutting down', withCode('the database system is shutting down', '57P03')],
    [
      'a statement cancelled by statement_timeout',
      withCode('canceling statement due to statement timeout', '57014'),
    ],
    [
      'a transaction ended by idle_in_transaction_session_timeout',
      withCode('terminating connection due to idle-in-transaction timeout', '25P03'),
    ],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a connection lost', new Error('Connection terminated unexpectedly')],
    ['no connection within connectionTimeoutMillis', new Error('timeout exceeded when trying to connect')],
    ['no answer within query_timeout', new Error('Query read timeout')],
    [
      'a client whose connection broke',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['a pool closed under a request', new Error('Cannot use a pool after calling end on the pool')],
    [
      'a cause five errors down',
      nestedCauses(4, withCode('terminating connection due to administrator command', '57P01')),
    ],
    [
      'a cause further down',
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
    ],
  ])('says yes for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation',
      withCode('duplicate key value violates unique constraint "users_username_key"', '23505'),
    ],
    ['a syntax error (a bug)', withCode('syntax error at or near "SELEC"', '42601')],
    ['a check violation', withCode('new row violates check constraint', '23514')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'Connection terminated'],
    ['a code that is not a string', Object.assign(new Error('code 57014 as a number'), { code: 57014 })],
    [
      'a cause more than five errors down',
      nestedCauses(5, withCode('terminating connection due to administrator command', '57P01')),
    ],
  ])('says no for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('describeUnavailability', () => {
  it.each([
    [
      withCode('terminating connection due to administrator command', '57P01'),
      'an administrator ended its connection',
    ],
    [withCode('the database system is shutting down', '57P03'), 'it is shutting down or starting up'],
    [
      withCode('canceling statement due to statement timeout', '57014'),
      'a statement took too long and was cancelled',
    ],
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'it refuses connections'],
    [new Error('Query read timeout'), 'it did not answer in time'],
    [new Error('timeout exceeded when trying to connect'), 'it did not answer in time'],
    [new Error('Connection terminated unexpectedly'), 'its connection was lost'],
    [withCode('a neutral sentence', '57P02'), 'it is shutting down or starting up'],
    [withCode('a neutral sentence', '57P03'), 'it is shutting down or starting up'],
    [new Error('the database system is starting up'), 'it is shutting down or starting up'],
    [
      withCode('terminating connection due to idle-in-transaction timeout', '25P03'),
      'a transaction was left idle too long',
    ],
    [withCode('write EPIPE', 'EPIPE'), 'its connection was lost'],
    [new Error('something no rule knows'), 'something no rule knows'],
    ['a bare string', 'a bare string'],
  ])('explains %s as "%s"', (error, words) => {
    expect(describeUnavailability(error)).toBe(words);
  });
});
