console.debug('relay');
