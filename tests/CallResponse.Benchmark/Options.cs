using System.Globalization;

namespace CallResponse.Benchmark;

/// <summary>What one benchmark run does, read from the command line and the environment.</summary>
internal sealed record Options(
    int Clients,
    int Seconds,
    int WarmupSeconds,
    int RouteWaitSeconds,
    Uri Gateway,
    IReadOnlyList<Uri> Services,
    bool IntakeOnly,
    bool RawOnly,
    int Deadlines,
    bool Lifecycle,
    bool Pages,
    int Seed,
    int Cases,
    double? Rate,
    string Postgres,
    Uri RabbitMq)
{
    public const string DefaultPostgres = "Host=localhost;Port=5432;Database=callresponse;Username=callresponse;Password=callresponse;SSL Mode=Disable";
    public const string DefaultRabbitMq = "amqp://guest:guest@localhost:5672/";

    public const string Usage = """
        usage: CallResponse.Benchmark [options]

        Loads the running system through the gateway (POST /api/calls), waits for every accepted
        call's CaseRouted on RabbitMQ, then measures raw Marten StartStream/s on the same PostgreSQL
        (schema bench_raw, dropped afterwards) and reports the ratio intake/raw (target >= 0.5).

          --clients N       concurrent clients / writers            (default 16)
          --seconds N       measured seconds per phase              (default 20)
          --warmup N        warm-up seconds before each phase, not counted (default 3)
          --route-wait N    seconds to wait for the last CaseRouted (default 60)
          --rate N          start N calls per second on a fixed schedule instead of as fast as
                            they are answered: lags at a load the pipeline sustains (default: off)
          --gateway URL     gateway address (default $CALLRESPONSE_GATEWAY_URL or http://localhost:8080)
          --services URLS   comma-separated service addresses whose /health/ready must answer
                            (default: the gateway's host on its port +1 to +4)
          --deadlines N     pending SLA deadlines seeded during the intake phase, to time the
                            SLA poller's firing lag under load (default 100000; 0 skips)
          --lifecycle       instead: seed the case read model (--seed N, default 1000000; kept for
                            later runs), time GET /api/cases and /history, and claim + resolve with
                            If-Match against raw Marten appends with an expected version (and,
                            for reference, Marten's FetchForWriting + append with an inline snapshot)
          --cases N         with --lifecycle: real cases logged to read and to claim + resolve
                            (default 50 per client)
          --pages           instead: time the workbench's pages in Debian's chromium (each loaded 5 times)
                            against what the system holds; run --lifecycle first for a million cases
          --intake-only     skip the raw Marten phase
          --raw-only        skip the intake phase (needs only PostgreSQL)
          -h, --help        this text

        Environment: ConnectionStrings__Postgres, ConnectionStrings__RabbitMq (the services' defaults).
        Exit codes: 0 run completed (PASS or FAIL is informational), 1 bad arguments or nothing
        succeeded, 2 the system or a server is unreachable.
        """;

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are wrong.</summary>
    public static Options? Parse(string[] args, out string? error, out bool help)
    {
        error = null;
        help = false;
        int clients = 16, seconds = 20, warmup = 3, routeWait = 60, deadlines = 100_000, seed = 1_000_000, cases = 0, rate = 0;
        bool lifecycle = false, pages = false;
        var gateway = new Uri(Environment.GetEnvironmentVariable("CALLRESPONSE_GATEWAY_URL") ?? "http://localhost:8080");
        string? services = null;
        bool intakeOnly = false, rawOnly = false;

        for (var i = 0; i < args.Length; i++)
        {
            // Every option but the switches takes the next argument as its value.
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new FormatException($"{args[i - 1]} needs a whole number >= {min}");

            try
            {
                switch (args[i])
                {
                    case "-h" or "--help": help = true; return null;
                    case "--clients": clients = Number(1); break;
                    case "--seconds": seconds = Number(1); break;
                    case "--warmup": warmup = Number(0); break;
                    case "--route-wait": routeWait = Number(0); break;
                    case "--deadlines": deadlines = Number(0); break;
                    case "--lifecycle": lifecycle = true; break;
                    case "--seed": seed = Number(1); break;
                    case "--cases": cases = Number(1); break;
                    case "--rate": rate = Number(1); break;
                    case "--gateway": gateway = new Uri(Value()); break;
                    case "--services": services = Value(); break;
                    case "--pages": pages = true; break;
                    case "--intake-only": intakeOnly = true; break;
                    case "--raw-only": rawOnly = true; break;
                    default: throw new FormatException($"unknown argument: {args[i]}");
                }
            }
            catch (FormatException exception)
            {
                error = exception.Message;
                return null;
            }
        }

        if (intakeOnly && rawOnly)
        {
            error = "--intake-only and --raw-only exclude each other";
            return null;
        }

        // deploy/lib/services.sh puts intake, routing, cases and sla on the four ports after the gateway's.
        var serviceUris = services is null
            ? Enumerable.Range(1, 4).Select(offset => new UriBuilder(gateway) { Port = gateway.Port + offset, Path = "/" }.Uri).ToList()
            : services.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => new Uri(s)).ToList();

        return new Options(
            clients,
            seconds,
            warmup,
            routeWait,
            gateway,
            serviceUris,
            intakeOnly,
            rawOnly,
            deadlines,
            lifecycle,
            pages,
            seed,
            cases > 0 ? cases : clients * 50,
            rate > 0 ? rate : null,
            Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? DefaultPostgres,
            new Uri(Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMq") ?? DefaultRabbitMq));
    }
}
