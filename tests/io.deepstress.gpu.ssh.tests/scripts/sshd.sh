#!/bin/bash
# A private OpenSSH server on 127.0.0.1 for the SSH GPU tests (test-only; needs root and openssh-server).
#
#   sshd.sh setup DIR REMOTE USER       host keys and client keys into DIR (ssh-keygen); authorized_keys, the
#                                       fake nvidia-smi (REMOTE/bin) and its control files (REMOTE/control)
#                                       into REMOTE, a folder USER can read (the session runs as USER)
#   sshd.sh start DIR REMOTE USER PORT MISSING_PORT [HOSTKEY]
#                                       writes DIR/sshd_config and starts /usr/sbin/sshd -f DIR/sshd_config
#                                       -E DIR/sshd.log with host key DIR/ssh_host_HOSTKEY_key (default
#                                       ed25519; "ed25519-new" is a second key of the same type); returns once
#                                       both ports accept connections
#   sshd.sh stop DIR                    ends that sshd (pid from DIR/sshd.pid) and its session processes
#
# How the remote session finds the fake nvidia-smi: no ForceCommand and no wrapper; sshd itself sets the
# session's PATH with "SetEnv PATH=REMOTE/bin:..." inside "Match LocalPort PORT". Connections to
# MISSING_PORT get a PATH without it, so the plain command "nvidia-smi" is not found there (exit 127).
# Environment: KEY_PASSPHRASE, the passphrase of client/id_ed25519_pass (setup).
set -euo pipefail
cmd=${1:?usage: sshd.sh setup|start|stop DIR ...}
dir=${2:?DIR missing}
here=$(cd "$(dirname "$0")" && pwd)

listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case $cmd in
setup)
	remote=${3:?REMOTE missing}; user=${4:?USER missing}
	mkdir -p "$dir/client" "$remote/bin" "$remote/control"
	for t in ed25519 ed25519-new; do
		[ -f "$dir/ssh_host_${t}_key" ] || ssh-keygen -q -t ed25519 -N '' -C "deepstress-test-host-$t" -f "$dir/ssh_host_${t}_key"
	done
	[ -f "$dir/client/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C deepstress-test-ed25519 -f "$dir/client/id_ed25519"
	[ -f "$dir/client/id_rsa" ] || ssh-keygen -q -t rsa -b 3072 -N '' -C deepstress-test-rsa -f "$dir/client/id_rsa"
	[ -f "$dir/client/id_ecdsa" ] || ssh-keygen -q -t ecdsa -b 256 -N '' -C deepstress-test-ecdsa -f "$dir/client/id_ecdsa"
	[ -f "$dir/client/id_ed25519_pass" ] || ssh-keygen -q -t ed25519 -N "${KEY_PASSPHRASE:?KEY_PASSPHRASE missing}" \
		-C deepstress-test-ed25519-pass -f "$dir/client/id_ed25519_pass"
	cat "$dir"/client/*.pub > "$remote/authorized_keys"
	install -m 0755 "$here/nvidia-smi" "$remote/bin/nvidia-smi"
	chmod 0755 "$remote" "$remote/bin" "$remote/control"
	chmod 0644 "$remote/authorized_keys"
	;;
start)
	remote=${3:?REMOTE missing}; user=${4:?USER missing}; port=${5:?PORT missing}; missing=${6:?MISSING_PORT missing}
	hostkey=${7:-ed25519}
	[ -f "$dir/ssh_host_${hostkey}_key" ] || { echo "sshd.sh: no host key $dir/ssh_host_${hostkey}_key" >&2; exit 2; }
	cat > "$dir/sshd_config" <<CFG
# written by sshd.sh for the DeepStress SSH GPU tests
Port $port
Port $missing
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_${hostkey}_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $remote/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $user
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
LogLevel VERBOSE
Match LocalPort $port
	SetEnv PATH=$remote/bin:/usr/local/bin:/usr/bin:/bin
Match LocalPort $missing
	SetEnv PATH=/usr/local/bin:/usr/bin:/bin
CFG
	mkdir -p /run/sshd
	rm -f "$dir/sshd.pid"
	/usr/sbin/sshd -t -f "$dir/sshd_config"
	/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
	for _ in $(seq 1 100); do
		if [ -s "$dir/sshd.pid" ] && listening "$port" && listening "$missing"; then
			exit 0
		fi
		sleep 0.1
	done
	echo "sshd.sh: sshd did not start listening on 127.0.0.1:$port; log:" >&2
	tail -n 20 "$dir/sshd.log" >&2 || true
	exit 1
	;;
stop)
	[ -s "$dir/sshd.pid" ] || exit 0
	pid=$(cat "$dir/sshd.pid")
	if kill -0 "$pid" 2>/dev/null; then
		# the listener first (no new connections), then its per-connection processes (they end the sessions)
		children=$(pgrep -P "$pid" || true)
		kill -TERM "$pid" 2>/dev/null || true
		for c in $children; do kill -TERM "$c" 2>/dev/null || true; done
		for _ in $(seq 1 50); do
			alive=0
			for p in $pid $children; do kill -0 "$p" 2>/dev/null && alive=1; done
			[ $alive -eq 0 ] && break
			sleep 0.1
		done
		for p in $pid $children; do kill -KILL "$p" 2>/dev/null || true; done
	fi
	rm -f "$dir/sshd.pid"
	;;
*)
	echo "usage: sshd.sh setup|start|stop DIR ..." >&2
	exit 2
	;;
esac
