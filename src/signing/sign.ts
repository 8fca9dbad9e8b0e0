// Signs a SOAP 1.1 envelope: one enveloped XML-DSig signature over the Body, placed as the last child
// of the SOAP Header, with the signer's certificate in KeyInfo.
import { SignedXml } from 'xml-crypto';
import { NS } from '../xml/namespaces.ts';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { SIGNATURE_METHOD, URI, registerEcdsa } from './algorithms.ts';
import type { SigningKey } from './keys.ts';
import { descendantsNamed, elementsWithId, soapParts } from './soap-parts.ts';

const ENVELOPE_XPATH = `/*[local-name()='Envelope' and namespace-uri()='${NS.soap}']`;
const HEADER_XPATH = `${ENVELOPE_XPATH}/*[local-name()='Header' and namespace-uri()='${NS.soap}']`;
const BODY_XPATH = `${ENVELOPE_XPATH}/*[local-name()='Body' and namespace-uri()='${NS.soap}']`;

/**
 * Check up front what xml-crypto would otherwise get wrong quietly: it signs every node the XPath
 * matches, adds an Id of its own when there is none, and the verifier refuses a duplicated Id.
 */
function checkSignable(xml: string): void {
  const doc = parseXmlSafely(xml);
  const parts = soapParts(doc);
  if (!parts) throw new Error('not a SOAP 1.1 Envelope');
  if (parts.headers.length !== 1) throw new Error('the envelope needs exactly one SOAP Header');
  const [body, ...moreBodies] = parts.bodies;
  if (!body || moreBodies.length > 0) throw new Error('the envelope needs exactly one SOAP Body');
  const id = body.getAttribute('Id');
  if (!id) throw new Error('the SOAP Body needs an Id attribute to be referenced by the signature');
  if (elementsWithId(doc, id).length !== 1) throw new Error(`Id "${id}" is used by more than one element`);
  if (descendantsNamed(parts.envelope, 'Signature').some((el) => el.namespaceURI === NS.ds)) {
    throw new Error('the envelope is already signed');
  }
}

export function signEnvelope(xml: string, key: SigningKey): string {
  checkSignable(xml);
  const sig = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: SIGNATURE_METHOD[key.algorithm],
    canonicalizationAlgorithm: URI.excC14n,
    // Only the signer's own certificate: the receiver trusts its pinned CA, not a chain we send.
    getKeyInfoContent: (args) => {
      const p = args?.prefix ? `${args.prefix}:` : '';
      return `<${p}X509Data><${p}X509Certificate>${key.certificateBase64}</${p}X509Certificate></${p}X509Data>`;
    },
  });
  registerEcdsa(sig);
  sig.addReference({
    xpath: BODY_XPATH,
    transforms: [URI.envelopedSignature, URI.excC14n],
    digestAlgorithm: URI.sha256,
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: HEADER_XPATH, action: 'append' } });
  return sig.getSignedXml();
}
