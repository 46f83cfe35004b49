// The one error rules throw for what a user wrote (a pattern, a path, a template), with a message fit to show.
import { NativeError } from '../worlds/pristine';

export class RuleSyntaxError extends NativeError {}
