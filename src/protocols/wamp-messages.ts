// WAMP v2 message types (https://wamp-proto.org/wamp_latest_ietf.html, "Message Definitions"): each an array
// [code, ...elements]. The element lists here name every position, say its type, which one keys the summary
// and which request/answer pairing the message belongs to.

export type ElementKind = 'id' | 'uri' | 'dict' | 'list' | 'string' | 'code';

export interface ElementSpec {
  label: string;
  kind: ElementKind;
  optional?: boolean;
}

export interface MessageSpec {
  name: string;
  elements: readonly ElementSpec[];
  /** The element whose value follows the name in the summary ('CALL com.example.add'). */
  key?: string;
  /** Request/answer pairing: the request kind whose ids this message carries in its 'request' element. */
  pairs?: { role: 'request' | 'response'; scope: string };
}

const id = (label: string): ElementSpec => ({ label, kind: 'id' });
const uri = (label: string): ElementSpec => ({ label, kind: 'uri' });
const dict = (label: string, optional = false): ElementSpec => ({ label, kind: 'dict', optional });
const payload: readonly ElementSpec[] = [
  { label: 'arguments', kind: 'list', optional: true },
  { label: 'argumentsKw', kind: 'dict', optional: true },
];

export const WAMP_MESSAGES: Readonly<Record<number, MessageSpec>> = {
  1: { name: 'HELLO', elements: [uri('realm'), dict('details')], key: 'realm' },
  2: { name: 'WELCOME', elements: [id('session'), dict('details')], key: 'session' },
  3: { name: 'ABORT', elements: [dict('details'), uri('reason')], key: 'reason' },
  4: { name: 'CHALLENGE', elements: [{ label: 'authmethod', kind: 'string' }, dict('extra')], key: 'authmethod' },
  5: { name: 'AUTHENTICATE', elements: [{ label: 'signature', kind: 'string' }, dict('extra')] },
  6: { name: 'GOODBYE', elements: [dict('details'), uri('reason')], key: 'reason' },
  8: { name: 'ERROR', elements: [{ label: 'requestType', kind: 'code' }, id('request'), dict('details'), uri('error'), ...payload], key: 'error' },
  16: { name: 'PUBLISH', elements: [id('request'), dict('options'), uri('topic'), ...payload], key: 'topic', pairs: { role: 'request', scope: 'publish' } },
  17: { name: 'PUBLISHED', elements: [id('request'), id('publication')], key: 'request', pairs: { role: 'response', scope: 'publish' } },
  32: { name: 'SUBSCRIBE', elements: [id('request'), dict('options'), uri('topic')], key: 'topic', pairs: { role: 'request', scope: 'subscribe' } },
  33: { name: 'SUBSCRIBED', elements: [id('request'), id('subscription')], key: 'subscription', pairs: { role: 'response', scope: 'subscribe' } },
  34: { name: 'UNSUBSCRIBE', elements: [id('request'), id('subscription')], key: 'subscription', pairs: { role: 'request', scope: 'unsubscribe' } },
  35: { name: 'UNSUBSCRIBED', elements: [id('request'), dict('details', true)], key: 'request', pairs: { role: 'response', scope: 'unsubscribe' } },
  36: { name: 'EVENT', elements: [id('subscription'), id('publication'), dict('details'), ...payload], key: 'subscription' },
  48: { name: 'CALL', elements: [id('request'), dict('options'), uri('procedure'), ...payload], key: 'procedure', pairs: { role: 'request', scope: 'call' } },
  49: { name: 'CANCEL', elements: [id('request'), dict('options')], key: 'request' },
  50: { name: 'RESULT', elements: [id('request'), dict('details'), ...payload], key: 'request', pairs: { role: 'response', scope: 'call' } },
  64: { name: 'REGISTER', elements: [id('request'), dict('options'), uri('procedure')], key: 'procedure', pairs: { role: 'request', scope: 'register' } },
  65: { name: 'REGISTERED', elements: [id('request'), id('registration')], key: 'registration', pairs: { role: 'response', scope: 'register' } },
  66: { name: 'UNREGISTER', elements: [id('request'), id('registration')], key: 'registration', pairs: { role: 'request', scope: 'unregister' } },
  67: { name: 'UNREGISTERED', elements: [id('request'), dict('details', true)], key: 'request', pairs: { role: 'response', scope: 'unregister' } },
  68: {
    name: 'INVOCATION',
    elements: [id('request'), id('registration'), dict('details'), ...payload],
    key: 'registration',
    pairs: { role: 'request', scope: 'invocation' },
  },
  69: { name: 'INTERRUPT', elements: [id('request'), dict('options')], key: 'request' },
  70: { name: 'YIELD', elements: [id('request'), dict('options'), ...payload], key: 'request', pairs: { role: 'response', scope: 'invocation' } },
};

/** The pairing scope of each request type an ERROR can answer (its 'requestType' element). */
export const ERROR_SCOPES: Readonly<Record<number, string>> = {
  16: 'publish',
  32: 'subscribe',
  34: 'unsubscribe',
  48: 'call',
  64: 'register',
  66: 'unregister',
  68: 'invocation',
};

export const HELLO = 1;
export const ERROR = 8;
