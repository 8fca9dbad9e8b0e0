// Who may call: registers (by the hash of their API key), operators (by the hash of their token),
// and the installation's secrets (settings), shared by every instance.
import type { OperatorRole } from '../delivery/model/actors.ts';
import type { Database, Row } from './db/database.ts';

export interface Register {
  id: string;
  code: string;
  name: string;
  createdAt: number;
}

export interface Operator {
  id: string;
  name: string;
  role: OperatorRole;
  createdAt: number;
}

const SECRET = `SELECT value FROM settings WHERE name = :name`;
/** Instances starting together may all make one: the first stored wins, the others read it. */
const INSERT_SECRET = `INSERT INTO settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING`;

const COUNT_REGISTERS = `SELECT COUNT(*) AS n FROM registers`;
const INSERT_REGISTER = `INSERT INTO registers (id, code, name, api_key_hash, created_at) VALUES (:id, :code, :name, :apiKeyHash, :createdAt)`;
const REGISTER_BY_KEY = `SELECT id, code, name, created_at FROM registers WHERE api_key_hash = :apiKeyHash`;
const REGISTER_CODES = `SELECT id, code FROM registers`;

const COUNT_OPERATORS = `SELECT COUNT(*) AS n FROM operators`;
const INSERT_OPERATOR = `INSERT INTO operators (id, name, role, token_hash, created_at) VALUES (:id, :name, :role, :tokenHash, :createdAt)`;
const OPERATOR_BY_TOKEN = `SELECT id, name, role, created_at FROM operators WHERE token_hash = :tokenHash`;

const toRegister = (row: Row): Register => ({ id: String(row.id), code: String(row.code), name: String(row.name), createdAt: Number(row.created_at) });
const toOperator = (row: Row): Operator => ({ id: String(row.id), name: String(row.name), role: String(row.role) as OperatorRole, createdAt: Number(row.created_at) });

export function createAccess(db: Database) {
  return {
    /** A secret made once per installation, kept in the store so every instance shares it. */
    async getOrCreateSecret(name: string, make: () => string): Promise<string> {
      const found = await db.one(SECRET, { name });
      if (found) return String(found.value);
      await db.run(INSERT_SECRET, { name, value: make() });
      return String((await db.one(SECRET, { name }))?.value);
    },

    countRegisters: async (): Promise<number> => Number((await db.one(COUNT_REGISTERS))?.n ?? 0),
    async createRegister(register: Register & { apiKeyHash: string }): Promise<void> {
      await db.run(INSERT_REGISTER, { ...register });
    },
    async findRegisterByKeyHash(apiKeyHash: string): Promise<Register | null> {
      const row = await db.one(REGISTER_BY_KEY, { apiKeyHash });
      return row ? toRegister(row) : null;
    },
    /** Register id → code, for lists that show codes. */
    registerCodes: async (): Promise<Map<string, string>> => new Map((await db.all(REGISTER_CODES)).map((r) => [String(r.id), String(r.code)])),

    countOperators: async (): Promise<number> => Number((await db.one(COUNT_OPERATORS))?.n ?? 0),
    async createOperator(operator: Operator & { tokenHash: string }): Promise<void> {
      await db.run(INSERT_OPERATOR, { ...operator });
    },
    async findOperatorByTokenHash(tokenHash: string): Promise<Operator | null> {
      const row = await db.one(OPERATOR_BY_TOKEN, { tokenHash });
      return row ? toOperator(row) : null;
    },
  };
}

export type Access = ReturnType<typeof createAccess>;
/** What authentication needs: the lookups by hash, nothing else. */
export type CredentialLookup = Pick<Access, 'findRegisterByKeyHash' | 'findOperatorByTokenHash'>;
