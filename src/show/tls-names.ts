/**
 * TLS names as Wireshark 4.0 prints them (packet-tls-utils.c value_strings: ssl_version_short_names,
 * ssl_versions, ssl_31_content_type, ssl_31_handshake_type, ssl_31_alert_level,
 * ssl_31_alert_description).
 */

/** the Protocol column's and the record line's short version name */
export const TLS_VERSION_SHORT: Readonly<Record<number, string>> = {
  0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3',
};

/** the `Version:` field's name */
export const TLS_VERSION_NAME: Readonly<Record<number, string>> = {
  0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3',
};

export const TLS_CONTENT_TYPE: Readonly<Record<number, string>> = {
  20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat',
};

export const TLS_HANDSHAKE_TYPE: Readonly<Record<number, string>> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 3: 'Hello Verify Request', 4: 'New Session Ticket',
  5: 'End of Early Data', 6: 'Hello Retry Request', 8: 'Encrypted Extensions', 11: 'Certificate',
  12: 'Server Key Exchange', 13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify',
  16: 'Client Key Exchange', 20: 'Finished', 21: 'Client Certificate URL', 22: 'Certificate Status',
  23: 'Supplemental Data', 24: 'Key Update', 25: 'Compressed Certificate', 67: 'Next Protocol', 254: 'Message Hash',
};

export const TLS_ALERT_LEVEL: Readonly<Record<number, string>> = { 1: 'Warning', 2: 'Fatal' };

export const TLS_ALERT_DESCRIPTION: Readonly<Record<number, string>> = {
  0: 'Close Notify', 1: 'End of Early Data', 10: 'Unexpected Message', 20: 'Bad Record MAC', 21: 'Decryption Failed',
  22: 'Record Overflow', 30: 'Decompression Failure', 40: 'Handshake Failure', 41: 'No Certificate',
  42: 'Bad Certificate', 43: 'Unsupported Certificate', 44: 'Certificate Revoked', 45: 'Certificate Expired',
  46: 'Certificate Unknown', 47: 'Illegal Parameter', 48: 'Unknown CA', 49: 'Access Denied', 50: 'Decode Error',
  51: 'Decrypt Error', 60: 'Export Restriction', 70: 'Protocol Version', 71: 'Insufficient Security',
  80: 'Internal Error', 86: 'Inappropriate Fallback', 90: 'User Canceled', 100: 'No Renegotiation',
  109: 'Missing Extension', 110: 'Unsupported Extension', 111: 'Certificate Unobtainable', 112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response', 114: 'Bad Certificate Hash Value', 115: 'Unknown PSK Identity',
  116: 'Certificate Required', 120: 'No application Protocol',
};
