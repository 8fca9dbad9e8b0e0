// Signs the mock's answers as DMS would: an enveloped signature over the whole answer by DMS's own
// key (a development PKI of its own, not the gateway's), so the gateway can tell a real answer from
// a forged one. The answers are written as strings, not in canonical form, so libxml2 canonicalizes
// them first (exclusive C14N, in WebAssembly: far cheaper than doing it in JavaScript); a fault gets
// the empty SOAP Header the signature goes into. An acknowledgement written in canonical form
// already (renderCanonicalAck) is signed as it is.
import { XmlC14NMode } from 'libxml2-wasm';
import { signEnvelope } from '../../../src/signing/sign.ts';
import type { SigningKey } from '../../../src/signing/keys.ts';
import { libxmlDocument } from '../../../src/xml/libxml-document.ts';

const EMPTY_HEADER = '<SOAP-ENV:Header></SOAP-ENV:Header>';

export interface AnswerSigner {
  (xml: string): string;
  /** For an answer in exclusive canonical form, without an XML declaration: the same as signing it the general way, without canonicalizing it again. */
  canonical(c14n: string): string;
}

export function answerSigner(key: SigningKey): AnswerSigner {
  const canonical = (c14n: string) => signEnvelope(`<?xml version="1.0" encoding="UTF-8"?>\n${c14n}\n`, key);
  const sign = (xml: string) => {
    const withHeader = xml.includes('<SOAP-ENV:Header>') ? xml : xml.replace('<SOAP-ENV:Body>', `${EMPTY_HEADER}<SOAP-ENV:Body>`);
    const doc = libxmlDocument(withHeader);
    try {
      return canonical(doc.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 }));
    } finally {
      doc.dispose();
    }
  };
  return Object.assign(sign, { canonical });
}
