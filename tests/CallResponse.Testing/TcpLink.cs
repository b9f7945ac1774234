using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CallResponse.Testing;

/// <summary>
/// A TCP hop between a test system's services and a real server, which a test can cut (every
/// connection dropped, new ones refused, as when the server is down) and restore, or slow down: an
/// outage or a struggling server for one test system while the other systems keep theirs.
/// </summary>
public sealed class TcpLink : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> open = new();
    private TcpListener? listener;
    private CancellationTokenSource? accepting;

    public TcpLink(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Port = ServiceProcess.FreePort();
        Restore();
    }

    /// <summary>The loopback port the services connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Bytes a second each connection carries each way; 0 for as fast as it can.</summary>
    public int BytesPerSecond { get; set; }

    /// <summary>Drops every connection through the link and refuses new ones.</summary>
    public void Cut()
    {
        accepting?.Cancel();
        listener?.Stop();
        listener = null;
        foreach (var client in open.Keys)
        {
            client.Dispose();
        }

        open.Clear();
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        accepting = new CancellationTokenSource();
        _ = AcceptAsync(listener, accepting.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listening, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listening.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var rate = BytesPerSecond;
            var read = await from.ReadAsync(buffer.AsMemory(0, rate > 0 ? Math.Min(buffer.Length, 1024) : buffer.Length));
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read));
            if (rate > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)read / rate));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        open[client] = 0;
        open[server] = 0;
        try
        {
            await server.ConnectAsync(targetHost, targetPort);
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // one side went away (or the link was cut): close both
        }
        finally
        {
            open.TryRemove(client, out _);
            open.TryRemove(server, out _);
            client.Dispose();
            server.Dispose();
        }
    }
}
