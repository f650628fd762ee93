namespace Actors.Tests.Dispatch;

using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Engine.Actors.Dispatch;
using Engine.Threading;

public sealed class EngineDispatchersTests : Akka.TestKit.Xunit2.TestKit
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void An_actor_on_a_registered_dispatcher_handles_messages_at_nice_19_on_the_given_cpu(int cpu)
    {
        var id = $"engine.test.node-cpu{cpu}";
        EngineDispatchers.Register(Sys, id, new ThreadPlacement("eng-n0-h", 0, [cpu], 19), 2);
        var actor = Sys.ActorOf(Props.Create(() => new ThreadProbe()).WithDispatcher(id));

        for (var i = 0; i < 4; i++)
        {
            actor.Tell(ThreadProbe.Look.Instance);
            var sight = ExpectMsg<ThreadProbe.Sight>();

            Assert.Equal(19, sight.Stat.Nice);
            Assert.Equal(cpu, sight.Stat.Processor);
            Assert.Equal([cpu], sight.Affinity);
            Assert.Equal(0, sight.Node);
            Assert.Contains(sight.Stat.Comm, new[] { "eng-n0-h0", "eng-n0-h1" });
        }
    }

    [Fact]
    public void A_registered_dispatcher_keeps_its_threads_through_long_idle_spells()
    {
        EngineDispatchers.Register(Sys, "engine.test.idle", new ThreadPlacement("eng-idle-", 0, [0], 19), 1);

        var dispatcher = Sys.Dispatchers.Lookup("engine.test.idle");

        Assert.True(dispatcher.ShutdownTimeout >= TimeSpan.FromDays(1), $"shutdown-timeout {dispatcher.ShutdownTimeout}");
        Assert.Equal(1, dispatcher.Throughput);
    }

    [Fact]
    public async Task The_dispatchers_threads_end_when_the_actor_system_terminates()
    {
        var system = ActorSystem.Create("placed-threads-end");
        EngineDispatchers.Register(system, "engine.test.ending", new ThreadPlacement("eng-end-", 0, [0], 19), 1);
        var actor = system.ActorOf(Props.Create(() => new ThreadProbe()).WithDispatcher("engine.test.ending"));
        var sight = await actor.Ask<ThreadProbe.Sight>(ThreadProbe.Look.Instance, TimeSpan.FromSeconds(10));
        Assert.True(Directory.Exists($"/proc/self/task/{sight.Stat.ThreadId}"));

        await system.Terminate();

        // Akka shuts executors down on its scheduler after termination completes: wait for the thread to go.
        var task = $"/proc/self/task/{sight.Stat.ThreadId}";
        for (var waited = 0; waited < 100 && Directory.Exists(task); waited++)
            await Task.Delay(100);
        Assert.False(Directory.Exists(task));
    }

    [Fact]
    public void Registering_the_same_dispatcher_id_twice_is_refused()
    {
        var placement = new ThreadPlacement("eng-dup-", 0, [0], 19);
        EngineDispatchers.Register(Sys, "engine.test.dup", placement, 1);

        Assert.Throws<InvalidOperationException>(() => EngineDispatchers.Register(Sys, "engine.test.dup", placement, 1));
    }

    [Fact]
    public void The_placed_thread_pool_block_reads_back_what_was_written()
    {
        var settings = new PlacedThreadPoolSettings(new ThreadPlacement("eng-lane-", 1, [0, 1], 19), 3);

        var read = PlacedThreadPoolSettings.FromDispatcherConfig(settings.ToConfig());

        Assert.Equal(settings, read);
    }

    [Fact]
    public void A_placed_thread_pool_block_without_nice_or_cpus_takes_the_processs_not_the_creators()
    {
        var config = ConfigurationFactory.ParseString("placed-thread-pool { thread-count = 1, name = \"eng-ctl-\" }");

        var placement = PlacedThreadPoolSettings.FromDispatcherConfig(config).Placement;

        Assert.Equal(NativeThread.ProcessNice(), placement.Nice);
        Assert.Equal(NativeThread.ProcessAffinity(), placement.Cpus);
        Assert.Equal(-1, placement.NodeId);
    }

    [Fact]
    public async Task A_dispatcher_config_naming_the_configurator_gets_placed_threads()
    {
        var config = ConfigurationFactory.ParseString($$"""
            id = "engine.test.from-config"
            executor = "{{PlacedThreadPoolExecutorConfigurator.ExecutorName}}"
            placed-thread-pool { thread-count = 1, nice = 19, cpus = [1], node = 0, name = "eng-cfg-" }
            """);
        var configurator = new PlacedThreadPoolExecutorConfigurator(config, Sys.Dispatchers.Prerequisites);
        var executor = configurator.Produce("engine.test.from-config");
        var seen = new TaskCompletionSource<ThreadProbe.Sight>();

        executor.Execute(new ActionRunnable(() => seen.SetResult(ThreadProbe.Sight.Here())));
        var sight = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        executor.Shutdown();

        Assert.Equal(19, sight.Stat.Nice);
        Assert.Equal([1], sight.Affinity);
        Assert.Equal("eng-cfg-0", sight.Stat.Comm);
        Assert.Throws<RejectedExecutionException>(() => executor.Execute(new ActionRunnable(() => { })));
    }

    /// <summary>Replies with what the thread handling the message sees of itself.</summary>
    private sealed class ThreadProbe : ReceiveActor
    {
        public ThreadProbe() => Receive<Look>(_ => Sender.Tell(Sight.Here()));

        public sealed class Look
        {
            public static Look Instance { get; } = new();
        }

        public sealed record Sight(ThreadStat Stat, IReadOnlyList<int> Affinity, int Node)
        {
            public static Sight Here() => new(
                ThreadStat.Read(NativeThread.CurrentThreadId()),
                NativeThread.GetCurrentThreadAffinity(),
                DedicatedThreadPool.CurrentNode);
        }
    }
}
