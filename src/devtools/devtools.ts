chrome.devtools.panels.create('WebSockets', '', 'src/panel/index.html');
