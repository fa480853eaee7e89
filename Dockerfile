# syntax=docker/dockerfile:1
# The CoCreation API as a container. Build context: the repository root (see .dockerignore).
#   docker build -t cocreation-api .
#   docker compose up --build        (with PostgreSQL; see docker-compose.yml)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build runs `npm ci` for the pages' browser libraries (src/CoCreation.Api/ClientApp); the SDK image has no node.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The cache mount keeps NuGet packages between builds without putting them in a layer.
RUN --mount=type=cache,id=cocreation-nuget,target=/root/.nuget/packages \
    dotnet publish src/CoCreation.Api -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# APP_UID is the unprivileged 'app' user that the .NET images define.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "CoCreation.Api.dll"]
