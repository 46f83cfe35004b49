console.debug('hook');
