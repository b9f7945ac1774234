using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CallResponse.Testing;

/// <summary>
/// A TCP hop between a test system's services and a real server, which a test can cut (every
/// connection dropped, new ones refused, as when the server is down) and restore: an outage of
/// one test system's server while the other systems keep theirs.
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

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        open[client] = 0;
        open[server] = 0;
        try
        {
            await server.ConnectAsync(targetHost, targetPort);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(server.GetStream()),
                server.GetStream().CopyToAsync(client.GetStream()));
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
