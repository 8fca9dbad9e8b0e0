import { describe, expect, it } from 'vitest';
import { bindValues, compileNamed } from './database.ts';

describe('named parameters', () => {
  it('numbers each name once, for SQLite and for PostgreSQL', () => {
    const sql = 'SELECT * FROM t WHERE (:a IS NULL OR x = :a) AND y = :b LIMIT :limit';
    expect(compileNamed(sql, '?')).toEqual({ text: 'SELECT * FROM t WHERE (?1 IS NULL OR x = ?1) AND y = ?2 LIMIT ?3', names: ['a', 'b', 'limit'] });
    expect(compileNamed(sql, '$').text).toBe('SELECT * FROM t WHERE ($1 IS NULL OR x = $1) AND y = $2 LIMIT $3');
  });

  it('leaves casts, string literals and times alone', () => {
    const sql = "SELECT :id::text, ':notA', 'it''s :no', '10:15' FROM t WHERE y = :y";
    expect(compileNamed(sql, '$')).toEqual({ text: "SELECT $1::text, ':notA', 'it''s :no', '10:15' FROM t WHERE y = $2", names: ['id', 'y'] });
  });

  it('binds values in placeholder order and refuses a missing one', () => {
    const compiled = compileNamed('UPDATE t SET a = :a WHERE id = :id AND b = :a', '?');
    expect(bindValues(compiled, { id: 'x', a: null, extra: 1 })).toEqual([null, 'x']);
    expect(() => bindValues(compiled, { a: 1 })).toThrow(/:id was not given/);
  });
});
