// Prints N free TCP ports of 127.0.0.1, separated by spaces.
const net = require("net");

const count = Number(process.argv[2] || 1);
const servers = [];
const ports = [];

function next() {
  if (ports.length === count) {
    servers.forEach((server) => server.close());
    console.log(ports.join(" "));
    return;
  }
  const server = net.createServer();
  server.listen(0, "127.0.0.1", () => {
    ports.push(server.address().port);
    servers.push(server);
    next();
  });
}

next();
