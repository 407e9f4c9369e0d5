'use strict';
const net = require('node:net');

/**
 * Finds `count` distinct free TCP ports on `host` by letting the kernel pick them. Another process may
 * take a port between this call and its use; callers that start servers retry on EADDRINUSE.
 */
async function freePorts(count, host = '127.0.0.1') {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, resolve);
      });
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

module.exports = { freePorts };
