using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallResponse.ServiceDefaults.Telemetry;

/// <summary>
/// When this process started, as the gauge <c>callresponse.process.start_time</c> (seconds since the
/// Unix epoch; <c>callresponse_process_start_time_seconds</c> in Prometheus). A supervisor restarts a
/// service that dies; the gauge's jump is how a monitor sees that it did.
/// </summary>
internal static class ProcessStartTime
{
    private static readonly Meter Meter = new(TelemetryExtensions.Prefix + ".Process");
    private static readonly double StartedAt = ReadStartTime();
    private static readonly ObservableGauge<double> Gauge = Meter.CreateObservableGauge(
        "callresponse.process.start_time",
        () => StartedAt,
        "s",
        "When this service's process started, in seconds since the Unix epoch: a jump is a restart.");

    /// <summary>Creates the gauge, once per process; the metrics pipeline finds it by its meter's name.</summary>
    public static void Register() => _ = Gauge;

    private static double ReadStartTime()
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }
}
