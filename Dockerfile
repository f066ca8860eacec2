# Build once, run as two images: `api` (Hono + the built web apps on one port) and `web` (nginx serving
# the same built apps and proxying /api to the api service).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && NX_NO_CLOUD=true NX_DAEMON=false npx nx run-many -t build --projects=@cuntu/shell,@cuntu/map,@cuntu/infrastructure,@cuntu/water,@cuntu/housing

FROM build AS api
# Briefing PDFs embed a CJK font: Debian's Noto Sans CJK (or set CUNTU_PDF_FONT to a font of your own).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --retries=12 CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "tsx", "apps/api/src/main.ts"]

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/shell/dist /usr/share/nginx/html
COPY --from=build /app/apps/map/dist /usr/share/nginx/html/apps/map
COPY --from=build /app/apps/infrastructure/dist /usr/share/nginx/html/apps/infrastructure
COPY --from=build /app/apps/water/dist /usr/share/nginx/html/apps/water
COPY --from=build /app/apps/housing/dist /usr/share/nginx/html/apps/housing
EXPOSE 80
