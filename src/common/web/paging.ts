import { FormError } from '../errors/form.error';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** A list answer (CONTRACT §7): one page of items and how many there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface Paging {
  page: number;
  perPage: number;
  skip: number;
  take: number;
}

const positive = (value: unknown, field: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^[1-9]\d{0,6}$/.test(value) || Number(value) > max) throw FormError.field(field, 'validation.paging');
  return Number(value);
};

/** `?page=` (from 1) and `?per_page=` (1–100) of a list (CONTRACT §7); anything else is a 400. */
export function pagingOf(query: Record<string, unknown>): Paging {
  const page = positive(query.page, 'page', 1);
  const perPage = positive(query.per_page, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
  return { page, perPage, skip: (page - 1) * perPage, take: perPage };
}

/** Previous and next links of a list page, keeping its other query parameters. */
export function pageLinks(path: string, query: Record<string, unknown>, paging: Paging, total: number): { previous?: string; next?: string } {
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v && k !== 'page') params.set(k, v);
    params.set('page', String(page));
    return `${path}?${params.toString()}`;
  };
  return {
    previous: paging.page > 1 ? link(paging.page - 1) : undefined,
    next: paging.skip + paging.take < total ? link(paging.page + 1) : undefined,
  };
}
