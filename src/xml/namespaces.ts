// Namespaces used on the wire. One place, so that the builder, the signer, the client and the mock agree.
export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  xrd: 'http://x-road.eu/xsd/xroad.xsd',
  id: 'http://x-road.eu/xsd/identifiers',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  reg: 'urn:rtg-gateway:dms:registration:v1',
  regV2: 'urn:rtg-gateway:dms:registration:v2',
  /** DMS → gateway: final outcomes and notices (contracts/dms/callbacks/v1). */
  cb: 'urn:rtg-gateway:dms:callbacks:v1',
} as const;
