console.debug('bg');
