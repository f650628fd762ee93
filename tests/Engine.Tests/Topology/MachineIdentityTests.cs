namespace Engine.Tests.Topology;

using Engine.Topology;

public class MachineIdentityTests
{
    [Fact]
    public void A_machine_is_its_boot_id()
    {
        using var sysfs = new FakeSysfs().Write(MachineIdentity.BootIdPath, "0b6e2c1d-5f2a-4a57-9d0c-6f1e2a3b4c5d\n");

        Assert.Equal("0b6e2c1d-5f2a-4a57-9d0c-6f1e2a3b4c5d", MachineIdentity.Read(sysfs.Files));
    }

    [Fact]
    public void A_machine_without_a_readable_boot_id_is_unknown()
    {
        using var sysfs = new FakeSysfs();

        Assert.Null(MachineIdentity.Read(sysfs.Files));
    }

    [Fact]
    public void This_machine_has_a_boot_id() => Assert.NotNull(MachineIdentity.Read(new RootedSystemFiles("/")));
}
