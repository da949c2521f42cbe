import { describe, expect, it } from 'vitest';
import { BridgeError, errorData, failureText } from './BridgeError';

describe('errorData and failureText', () => {
  it("keep a bridge failure's own data", () => {
    const data = { code: 'http', status: 400, scimType: 'invalidFilter', message: 'Bad filter.', detail: 'Unknown attribute "x".' } as const;
    expect(errorData(new BridgeError(data))).toBe(data);
    expect(failureText(new BridgeError(data))).toBe('Bad filter. Unknown attribute "x". (HTTP 400 invalidFilter)');
  });

  it('turn anything else thrown into an internal failure with its message', () => {
    expect(errorData(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(errorData('nope')).toEqual({ code: 'internal', message: 'Something went wrong.' });
    expect(failureText(new Error('boom'))).toBe('boom');
  });
});
