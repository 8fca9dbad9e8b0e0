// What DMS's answer to a contract-v1 request means: the shared rules in ../dms-answer.ts, in v1's namespace.
import { NS } from '../../xml/namespaces.ts';
import { answerInterpreter } from '../dms-answer.ts';

export const interpretAnswer = answerInterpreter(NS.reg);
