// The storage.local key under which the background mirrors host access (no browser imports: tests use it).
export const HOST_ACCESS_KEY = 'hostAccessGranted';
