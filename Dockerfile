# Build and run ReferralTraining in a container (used by docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ReferralTraining.Web/ReferralTraining.Web.csproj src/ReferralTraining.Web/
RUN dotnet restore src/ReferralTraining.Web/ReferralTraining.Web.csproj
COPY src/ src/
RUN dotnet publish src/ReferralTraining.Web/ReferralTraining.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app ./
COPY content/ /content/
ENV ASPNETCORE_URLS=http://+:8080 \
    Courses__ContentPath=/content
USER app
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "ReferralTraining.Web.dll"]
