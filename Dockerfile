# syntax=docker/dockerfile:1
# Production image: compiled with `node ace build`, run with plain node.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN node ace build

FROM node:20-bookworm-slim AS runtime
# Production never seeds the demo accounts (admin@shop.test / password123)
# unless DEMO_DATA=true is passed explicitly, which logs a warning at boot.
ENV NODE_ENV=production \
    DEMO_DATA=false \
    HOST=0.0.0.0 \
    PORT=3333
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary is reachable;
# invoices embed Debian's DejaVu Sans and Droid Sans Fallback (CJK) fonts
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
     fonts-dejavu-core fonts-droid-fallback \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/build ./
RUN npm install --omit=dev --no-audit --no-fund \
  && apt-get purge -y python3 make g++ && apt-get autoremove -y
USER node
EXPOSE 3333
CMD ["node", "bin/server.js"]
