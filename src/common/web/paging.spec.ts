import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormError } from '../errors/form.error';
import { pageLinks, pagingOf } from './paging';

describe('pagingOf', () => {
  it('defaults to the first page of 20', () => {
    assert.deepEqual(pagingOf({}), { page: 1, perPage: 20, skip: 0, take: 20 });
  });

  it('skips the pages before the one asked for', () => {
    assert.deepEqual(pagingOf({ page: '3', per_page: '10' }), { page: 3, perPage: 10, skip: 20, take: 10 });
  });

  for (const bad of [{ page: '0' }, { page: '-1' }, { page: 'x' }, { per_page: '101' }, { page: ['1', '2'] }]) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => pagingOf(bad), FormError));
  }
});

describe('pageLinks', () => {
  it('links the next page only while rows remain, keeping the filters', () => {
    const links = pageLinks('/admin/users/', { q: 'a b', page: '1' }, pagingOf({ page: '1', per_page: '2' }), 3);
    assert.deepEqual(links, { previous: undefined, next: '/admin/users/?q=a+b&page=2' });
  });
});
