import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps a same-origin path with its query', () => {
    assert.equal(safeNext('/oauth/authorize/?client_id=a&state=b'), '/oauth/authorize/?client_id=a&state=b');
  });
  it('refuses other origins, scheme-relative and backslash tricks', () => {
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/\nx', '', 42]) {
      assert.equal(safeNext(bad), '/accounts/profile/', String(bad));
    }
  });
});
