# The bot's image: compiled JavaScript on Node.js 20 (package.json's engines), production
# dependencies only, run as the unprivileged `node` user of the official image.
#
#   docker build -t news-desk-bot .
#   docker compose up -d          (compose.yaml: .env, the seeds and cache volumes, init, restarts)
#
# The articles (seeds/) and the index cache (.cache/) are volumes, never part of the image, and
# .env stays on the host (.dockerignore lets only the sources and the build files in): the
# settings reach the container as its environment (compose's env_file).
ARG NODE_VERSION=20

# 1. Compile: every dependency (TypeScript is a development one), then `npm run build` -> dist/.
#    --ignore-scripts: no install script is needed to compile (the only ones are esbuild's, for
#    tsx, and better-sqlite3's, for the benchmarks).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY commands ./commands
COPY src ./src
RUN npm run build

# 2. The production dependencies alone (no tsx, esbuild, TypeScript or test tools).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. What runs: dist/, the production node_modules and package.json (the bot finds its project
#    folder, and its version, from package.json).
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Mount points, owned by the user that runs the bot: a named volume mounted on .cache takes this
# ownership, so the bot can write its cache there.
RUN mkdir -p seeds .cache && chown node:node .cache
USER node
# node itself, not npm: SIGTERM from `docker stop` reaches the bot, which closes its client (and its
# shards) and exits 0. node handles the signal even as PID 1; compose adds `init: true` on top, which
# also reaps any orphaned process.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
